/// Spelling numbers and text for SVG and HTML.
enum SVGText {
    /// `value` rounded to a tenth of a pixel (finer than a screen shows, and a third of the
    /// bytes of full precision), without a trailing `.0`.
    static func number(_ value: Double) -> String {
        // Clamped so that no value, however far off the canvas, traps the conversion to Int.
        let tenths = Int((min(max(value, -1e12), 1e12) * 10).rounded())
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        let sign = tenths < 0 ? "-" : ""
        return fraction == 0 ? sign + String(whole) : sign + String(whole) + "." + String(fraction)
    }

    /// About how wide `text` is at 12 px sans-serif, for laying out legends and margins.
    static func width(_ text: String) -> Double {
        Double(text.count) * 6.8
    }
}
