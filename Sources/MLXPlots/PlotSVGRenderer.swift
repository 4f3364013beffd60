import MLXCore

/// Draws a figure as a standalone SVG document: title, axes with round ticks, grid, the
/// series as the template says, and a legend when there is more than one series.
public struct PlotSVGRenderer: Sendable {
    /// The width of point and bar charts, in CSS pixels.
    public static let width = 640.0
    static let plotHeight = 300.0
    static let top = 44.0

    /// A renderer (it keeps no state between figures).
    public init() {}

    /// The figure's SVG (`<svg …>…</svg>`), usable inline in HTML and as an `.svg` file.
    public func render(_ figure: PlotFigure) -> String {
        switch figure.spec.template {
        case .confusion, .confusionNormalized: return confusionChart(figure)
        case .barHorizontal, .barHorizontalSorted: return barChart(figure)
        case .linear, .simple, .scatter, .smooth: return pointChart(figure)
        }
    }

    /// The `<svg>` start tag, the white background and the title.
    func header(_ figure: PlotFigure, width: Double, height: Double) -> String {
        let title = figure.spec.title.xmlEscaped
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="mlx-plot" data-plot="\(figure.spec.id.xmlEscaped)" \
            width="\(SVGText.number(width))" height="\(SVGText.number(height))" viewBox="0 0 \(SVGText.number(width)) \(SVGText.number(height))" \
            font-family="sans-serif" font-size="12" role="img" aria-label="\(title)">\
            <rect width="100%" height="100%" fill="#fff"/>\
            <text class="title" x="\(SVGText.number(width / 2))" y="24" text-anchor="middle" font-size="15" font-weight="bold">\(title)</text>
            """
    }

    /// A horizontal value axis below the plot area: grid lines, ticks, labels and the title.
    func xAxis(_ scale: AxisScale, area: PlotArea, title: String) -> String {
        var svg = ""
        for tick in scale.ticks {
            let x = SVGText.number(scale.position(tick, from: area.left, to: area.right))
            svg += "<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(SVGText.number(area.top))\" y2=\"\(SVGText.number(area.bottom))\" stroke=\"#e5e5e5\"/>"
            svg += "<text class=\"tick\" x=\"\(x)\" y=\"\(SVGText.number(area.bottom + 16))\" text-anchor=\"middle\" fill=\"#444\">\(scale.label(tick))</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(SVGText.number(area.left))\" x2=\"\(SVGText.number(area.right))\" y1=\"\(SVGText.number(area.bottom))\" y2=\"\(SVGText.number(area.bottom))\" stroke=\"#333\"/>"
        svg += "<text class=\"axis-title\" x=\"\(SVGText.number((area.left + area.right) / 2))\" y=\"\(SVGText.number(area.bottom + 36))\" text-anchor=\"middle\" font-weight=\"bold\">\(title.xmlEscaped)</text>"
        return svg
    }

    /// A vertical value axis left of the plot area.
    func yAxis(_ scale: AxisScale, area: PlotArea, title: String) -> String {
        var svg = ""
        for tick in scale.ticks {
            let y = SVGText.number(scale.position(tick, from: area.bottom, to: area.top))
            svg += "<line class=\"grid\" x1=\"\(SVGText.number(area.left))\" x2=\"\(SVGText.number(area.right))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e5e5e5\"/>"
            svg += "<text class=\"tick\" x=\"\(SVGText.number(area.left - 6))\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\" fill=\"#444\">\(scale.label(tick))</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(SVGText.number(area.left))\" x2=\"\(SVGText.number(area.left))\" y1=\"\(SVGText.number(area.top))\" y2=\"\(SVGText.number(area.bottom))\" stroke=\"#333\"/>"
        svg += verticalTitle(title, x: 16, y: (area.top + area.bottom) / 2)
        return svg
    }

    func verticalTitle(_ title: String, x: Double, y: Double) -> String {
        "<text class=\"axis-title\" transform=\"translate(\(SVGText.number(x)),\(SVGText.number(y))) rotate(-90)\" text-anchor=\"middle\" font-weight=\"bold\">\(title.xmlEscaped)</text>"
    }
}

/// The rectangle the data is drawn in, in SVG pixels.
struct PlotArea {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
}
