import MLXCore

extension PlotSVGRenderer {
    /// Lines (linear, simple), dots (scatter) or a smoothed line over the faint raw one (smooth).
    func pointChart(_ figure: PlotFigure) -> String {
        let data = figure.series.map { series -> (x: [Double], y: [Double]) in
            if case let .points(x, y) = series.values { return (x, y) }
            return ([], [])
        }
        let xScale = AxisScale(minimum: data.compactMap { $0.x.min() }.min() ?? 0, maximum: data.compactMap { $0.x.max() }.max() ?? 1)
        let yScale = AxisScale(minimum: data.compactMap { $0.y.min() }.min() ?? 0, maximum: data.compactMap { $0.y.max() }.max() ?? 1)
        let labelWidth = yScale.ticks.map { SVGText.width(yScale.label($0)) }.max() ?? 0
        let left = 40 + labelWidth
        let area = PlotArea(left: left, top: Self.top, right: Self.width - 20, bottom: Self.top + Self.plotHeight)
        let key = legend(figure.series.map(\.name), top: area.bottom + 50, left: left, width: area.right - left)
        var svg = header(figure, width: Self.width, height: area.bottom + 50 + key.height + 8)
        svg += yAxis(yScale, area: area, title: figure.yTitle)
        svg += xAxis(xScale, area: area, title: figure.xTitle)
        for (index, series) in data.enumerated() {
            let px = series.x.map { xScale.position($0, from: area.left, to: area.right) }
            let py = series.y.map { yScale.position($0, from: area.bottom, to: area.top) }
            let color = PlotPalette.color(index)
            let name = figure.series[index].name.xmlEscaped
            switch figure.spec.template {
            case .scatter:
                svg += dots(x: px, y: py, color: color, name: name)
            case .smooth:
                svg += line(x: px, y: py, color: color, name: name, role: "series-raw", opacity: 0.25)
                svg += line(x: px, y: Self.movingAverage(py), color: color, name: name, role: "series", opacity: 1)
            default:
                svg += line(x: px, y: py, color: color, name: name, role: "series", opacity: 1)
            }
        }
        return svg + key.svg + "</svg>"
    }

    /// One polyline, min-max decimated per pixel column; a lone point gets a dot to be seen.
    private func line(x: [Double], y: [Double], color: String, name: String, role: String, opacity: Double) -> String {
        if x.count == 1 { return dots(x: x, y: y, color: color, name: name) }
        var points = ""
        points.reserveCapacity(x.count * 12)
        for point in PolylineDecimation.decimate(x: x, y: y) {
            if !points.isEmpty { points += " " }
            points += SVGText.number(point.x) + "," + SVGText.number(point.y)
        }
        let fade = opacity < 1 ? " stroke-opacity=\"\(opacity)\"" : ""
        return "<polyline class=\"\(role)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(fade) points=\"\(points)\"><title>\(name)</title></polyline>"
    }

    /// One dot per occupied pixel: further points on the same pixel add nothing visible.
    private func dots(x: [Double], y: [Double], color: String, name: String) -> String {
        var seen = Set<Int>()
        var svg = "<g class=\"series\" fill=\"\(color)\"><title>\(name)</title>"
        for (px, py) in zip(x, y) where seen.insert(Int(px.rounded()) << 20 | Int(py.rounded())).inserted {
            svg += "<circle class=\"point\" cx=\"\(SVGText.number(px))\" cy=\"\(SVGText.number(py))\" r=\"2.5\"/>"
        }
        return svg + "</g>"
    }

    /// A centred moving average over a twentieth of the points (DVC's smooth template offers
    /// a slider; a static page picks one width).
    static func movingAverage(_ values: [Double]) -> [Double] {
        let half = values.count / 40
        guard half > 0 else { return values }
        var prefix = [0.0]
        prefix.reserveCapacity(values.count + 1)
        for value in values { prefix.append(prefix[prefix.count - 1] + value) }
        return values.indices.map { index in
            let low = max(0, index - half)
            let high = min(values.count, index + half + 1)
            return (prefix[high] - prefix[low]) / Double(high - low)
        }
    }
}
