import Foundation
import MLXCore

extension PlotSVGRenderer {
    /// One matrix per series, side by side: a column per actual class (the x field), a row
    /// per predicted class (the y field), each cell shaded by and labelled with its count —
    /// or, for `confusion_normalized`, its share of the column.
    func confusionChart(_ figure: PlotFigure) -> String {
        let pairs = figure.series.map { series -> (actual: [String], predicted: [String]) in
            if case let .pairs(actual, predicted) = series.values { return (actual, predicted) }
            return ([], [])
        }
        let classes = Self.ordered(Set(pairs.flatMap { $0.actual + $0.predicted }))
        let position = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let cell = max(22, min(48, 360 / Double(max(1, classes.count))))
        let labelWidth = min(160, classes.map(SVGText.width).max() ?? 0) + 10
        let matrixWidth = 40 + labelWidth + cell * Double(classes.count) + 24
        let width = max(Self.width, matrixWidth * Double(max(1, pairs.count)))
        let height = Self.top + 20 + cell * Double(classes.count) + labelWidth + 40
        let normalized = figure.spec.template == .confusionNormalized
        var svg = header(figure, width: width, height: height)
        for (index, series) in pairs.enumerated() {
            var counts = Array(repeating: Array(repeating: 0, count: classes.count), count: classes.count)
            for (actual, predicted) in zip(series.actual, series.predicted) {
                counts[position[predicted] ?? 0][position[actual] ?? 0] += 1
            }
            let columnTotals = classes.indices.map { column in counts.reduce(0) { $0 + $1[column] } }
            let largest = Double(counts.flatMap { $0 }.max() ?? 1)
            let left = Double(index) * matrixWidth + 40 + labelWidth
            let top = Self.top + 20
            if pairs.count > 1 {
                svg += "<text class=\"matrix-title\" x=\"\(SVGText.number(left + cell * Double(classes.count) / 2))\" y=\"\(SVGText.number(top - 6))\" text-anchor=\"middle\">\(figure.series[index].name.xmlEscaped)</text>"
            }
            for (row, rowCounts) in counts.enumerated() {
                for (column, count) in rowCounts.enumerated() {
                    let share = columnTotals[column] == 0 ? 0 : Double(count) / Double(columnTotals[column])
                    let strength = normalized ? share : (largest == 0 ? 0 : Double(count) / largest)
                    let text = normalized ? String(format: "%.2f", share) : String(count)
                    let x = left + Double(column) * cell
                    let y = top + Double(row) * cell
                    svg += "<rect class=\"cell\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(cell))\" height=\"\(SVGText.number(cell))\" "
                        + "fill=\"#0072B2\" fill-opacity=\"\(SVGText.number(0.05 + 0.9 * strength))\" stroke=\"#fff\"/>"
                    svg += "<text class=\"count\" x=\"\(SVGText.number(x + cell / 2))\" y=\"\(SVGText.number(y + cell / 2 + 4))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(strength > 0.5 ? "#fff" : "#222")\">\(text)</text>"
                }
            }
            for (offset, name) in classes.enumerated() {
                let label = name.xmlEscaped
                svg += "<text class=\"tick\" x=\"\(SVGText.number(left - 6))\" y=\"\(SVGText.number(top + (Double(offset) + 0.5) * cell + 4))\" text-anchor=\"end\" fill=\"#444\">\(label)</text>"
                let x = left + (Double(offset) + 0.5) * cell
                let y = top + Double(classes.count) * cell + 8
                svg += "<text class=\"tick\" transform=\"translate(\(SVGText.number(x)),\(SVGText.number(y))) rotate(-45)\" text-anchor=\"end\" fill=\"#444\">\(label)</text>"
            }
            let gridBottom = top + Double(classes.count) * cell
            svg += "<text class=\"axis-title\" x=\"\(SVGText.number(left + cell * Double(classes.count) / 2))\" y=\"\(SVGText.number(gridBottom + labelWidth + 24))\" text-anchor=\"middle\" font-weight=\"bold\">\(figure.xTitle.xmlEscaped)</text>"
            svg += verticalTitle(figure.yTitle, x: left - labelWidth - 20, y: top + cell * Double(classes.count) / 2)
        }
        return svg + "</svg>"
    }

    /// Class labels in numeric order when they are all numbers, else in text order.
    static func ordered(_ labels: Set<String>) -> [String] {
        let numbers = labels.compactMap(Double.init)
        if numbers.count == labels.count { return labels.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) } }
        return labels.sorted()
    }
}
