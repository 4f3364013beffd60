import MLXCore

extension PlotSVGRenderer {
    /// One band per label (the y field), one bar per series in it, as long as the x field;
    /// `bar_horizontal_sorted` orders the bands by the first series' length, longest first.
    func barChart(_ figure: PlotFigure) -> String {
        let data = figure.series.map { series -> [String: Double] in
            guard case let .bars(labels, lengths) = series.values else { return [:] }
            return Dictionary(zip(labels, lengths), uniquingKeysWith: { _, last in last })
        }
        var labels: [String] = []
        var seen = Set<String>()
        for series in figure.series {
            guard case let .bars(names, _) = series.values else { continue }
            for name in names where seen.insert(name).inserted { labels.append(name) }
        }
        if figure.spec.template == .barHorizontalSorted, let first = data.first {
            labels.sort { (first[$0] ?? -.infinity) > (first[$1] ?? -.infinity) }
        }
        let lengths = data.flatMap(\.values)
        let scale = AxisScale(minimum: min(0, lengths.min() ?? 0), maximum: max(0, lengths.max() ?? 1))
        let barHeight = 12.0
        let band = Double(max(1, data.count)) * barHeight + 8
        let left = 40 + min(200, labels.map(SVGText.width).max() ?? 0)
        let area = PlotArea(left: left, top: Self.top, right: Self.width - 20, bottom: Self.top + max(60, band * Double(labels.count)))
        let key = legend(figure.series.map(\.name), top: area.bottom + 50, left: left, width: area.right - left)
        var svg = header(figure, width: Self.width, height: area.bottom + 50 + key.height + 8)
        svg += xAxis(scale, area: area, title: figure.xTitle)
        svg += verticalTitle(figure.yTitle, x: 16, y: (area.top + area.bottom) / 2)
        let zero = scale.position(0, from: area.left, to: area.right)
        for (row, label) in labels.enumerated() {
            let bandTop = area.top + Double(row) * band + 4
            svg += "<text class=\"tick\" x=\"\(SVGText.number(area.left - 6))\" y=\"\(SVGText.number(bandTop + band / 2))\" dy=\"4\" text-anchor=\"end\" fill=\"#444\">\(label.xmlEscaped)</text>"
            for (index, values) in data.enumerated() {
                guard let length = values[label] else { continue }
                let end = scale.position(length, from: area.left, to: area.right)
                svg += "<rect class=\"bar\" x=\"\(SVGText.number(min(zero, end)))\" y=\"\(SVGText.number(bandTop + Double(index) * barHeight))\" "
                    + "width=\"\(SVGText.number(abs(end - zero)))\" height=\"\(SVGText.number(barHeight - 1))\" fill=\"\(PlotPalette.color(index))\">"
                    + "<title>\(figure.series[index].name.xmlEscaped): \(label.xmlEscaped) \(ParamValue.format(length))</title></rect>"
            }
        }
        svg += "<line class=\"axis\" x1=\"\(SVGText.number(zero))\" x2=\"\(SVGText.number(zero))\" y1=\"\(SVGText.number(area.top))\" y2=\"\(SVGText.number(area.bottom))\" stroke=\"#333\"/>"
        return svg + key.svg + "</svg>"
    }
}
