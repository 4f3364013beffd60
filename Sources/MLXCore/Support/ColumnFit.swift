/// Which columns of a table fit a width: a terminal table drops columns rather than wrap its
/// rows into noise.
public enum ColumnFit {
    /// How many leading columns of `widths`, separated by `separator` spaces, fit in
    /// `available` columns; the first column is always kept, however wide.
    public static func leadingColumns(widths: [Int], separator: Int, available: Int) -> Int {
        guard let first = widths.first else { return 0 }
        var used = first
        var kept = 1
        for width in widths.dropFirst() {
            guard used + separator + width <= available else { break }
            used += separator + width
            kept += 1
        }
        return kept
    }
}
