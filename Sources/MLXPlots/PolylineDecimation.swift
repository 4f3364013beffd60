/// Fewer points for a line that looks the same: of the points falling in one pixel column in
/// a row, only the first, lowest, highest and last are drawn (min-max decimation), so spikes
/// survive and 10,000 points become at most four per column.
public enum PolylineDecimation {
    /// The points of `x`/`y` (pixel coordinates, in drawing order) to keep.
    public static func decimate(x: [Double], y: [Double]) -> [(x: Double, y: Double)] {
        var kept: [(x: Double, y: Double)] = []
        kept.reserveCapacity(min(x.count, 4096))
        var index = 0
        while index < x.count {
            let column = x[index].rounded(.down)
            var end = index + 1
            var low = index
            var high = index
            while end < x.count, x[end].rounded(.down) == column {
                if y[end] < y[low] { low = end }
                if y[end] > y[high] { high = end }
                end += 1
            }
            for pick in Set([index, low, high, end - 1]).sorted() { kept.append((x[pick], y[pick])) }
            index = end
        }
        return kept
    }
}
