import Foundation

/// A linear axis over a data range, widened to round tick values (1, 2 or 5 times a power of
/// ten) so the ticks read as people write numbers.
public struct AxisScale: Sendable, Equatable {
    /// The widened range the axis spans.
    public let lower: Double
    public let upper: Double
    /// The distance between ticks.
    public let step: Double

    /// A scale over `minimum…maximum` with about `tickCount` ticks; an empty or one-value
    /// range gets a unit around its value.
    public init(minimum: Double, maximum: Double, tickCount: Int = 5) {
        var (low, high) = minimum.isFinite && maximum.isFinite ? (minimum, maximum) : (0, 1)
        if high < low { (low, high) = (high, low) }
        if high == low {
            let pad = low == 0 ? 1 : abs(low) / 2
            (low, high) = (low - pad, high + pad)
        }
        let rough = (high - low) / Double(max(1, tickCount))
        let magnitude = pow(10, floor(log10(rough)))
        let residual = rough / magnitude
        let nice: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        step = nice * magnitude
        lower = floor(low / step) * step
        upper = ceil(high / step) * step
    }

    /// The tick values from `lower` to `upper`.
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        // Multiplying rather than adding keeps 0.1 + 0.2 errors out of the labels.
        return (0...count).map { lower + Double($0) * step }
    }

    /// Where `value` falls between `from` (at `lower`) and `to` (at `upper`).
    public func position(_ value: Double, from: Double, to: Double) -> Double {
        from + (value - lower) / (upper - lower) * (to - from)
    }

    /// A tick's label with as many decimals as the step needs (`0.25`, `1000`, `1e+06`).
    public func label(_ value: Double) -> String {
        let magnitude = max(abs(lower), abs(upper))
        if magnitude >= 1e6 || (magnitude < 1e-3 && magnitude > 0) { return String(format: "%g", value) }
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
