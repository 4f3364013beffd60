extension PlotSVGRenderer {
    /// A legend of colour swatches and names starting at `top`, wrapped to `width`; empty for
    /// one series, which the title and axis already name.
    func legend(_ names: [String], top: Double, left: Double, width: Double) -> (svg: String, height: Double) {
        guard names.count > 1 else { return ("", 0) }
        var svg = "<g class=\"legend\">"
        var x = left
        var y = top
        for (index, name) in names.enumerated() {
            let entryWidth = 18 + SVGText.width(name) + 16
            if x + entryWidth > left + width, x > left {
                x = left
                y += 18
            }
            svg += "<rect class=\"swatch\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"12\" height=\"12\" fill=\"\(PlotPalette.color(index))\"/>"
            svg += "<text x=\"\(SVGText.number(x + 18))\" y=\"\(SVGText.number(y + 10))\">\(name.xmlEscaped)</text>"
            x += entryWidth
        }
        return (svg + "</g>", y + 18 - top)
    }
}
