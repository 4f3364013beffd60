/// Takes the fields a plot draws out of one file's table, checking they are there and hold
/// what the template needs.
struct PlotSeriesExtractor {
    let spec: PlotSpec
    let source: PlotSpec.Source
    let table: PlotTable
    /// The file as messages name it (`rev:path` for a revision's copy).
    let file: String

    /// The series per y field, in the order the plot names them.
    func values() throws -> [(String, PlotSeries.Values)] {
        if spec.template.isConfusion || spec.template.isBar {
            guard let x = source.x, let y = source.y.first else {
                throw PlotError(message: "plot `\(spec.id)` with template \(spec.template.rawValue) needs `x` and `y` fields",
                                hint: spec.template.isBar ? "name the bar length as `x` and the bar label as `y`"
                                    : "name the actual class as `x` and the predicted class as `y`")
            }
            let xCells = try column(x, axis: "x")
            let yCells = try column(y, axis: "y")
            if spec.template.isConfusion {
                return [(y, .pairs(actual: xCells.map(\.label), predicted: yCells.map(\.label)))]
            }
            let rows = zip(yCells.map(\.label), try numbers(xCells, field: x)).filter { $0.1.isFinite }
            return [(y, .bars(labels: rows.map(\.0), lengths: rows.map(\.1)))]
        }
        let xNumbers = try source.x.map { try numbers(try column($0, axis: "x"), field: $0) }
        let yFields = source.y.isEmpty ? table.columns.last(where: { $0 != source.x }).map { [$0] } ?? [] : source.y
        guard !yFields.isEmpty else {
            throw PipelineError(file: file, message: "has no field to plot as y for plot `\(spec.id)`",
                                hint: "write rows with at least one field")
        }
        return try yFields.map { field in
            let yNumbers = try numbers(try column(field, axis: "y"), field: field)
            var xs: [Double] = []
            var ys: [Double] = []
            xs.reserveCapacity(yNumbers.count)
            ys.reserveCapacity(yNumbers.count)
            // Missing cells (NaN) and infinities have no place on an axis: those rows are left out.
            for (row, y) in yNumbers.enumerated() where y.isFinite {
                let x = xNumbers?[row] ?? Double(row)
                guard x.isFinite else { continue }
                xs.append(x)
                ys.append(y)
            }
            return (field, .points(x: xs, y: ys))
        }
    }

    private func column(_ name: String, axis: String) throws -> [PlotTable.Cell] {
        guard let cells = table.column(name) else {
            throw PipelineError(file: file, message: "has no field `\(name)`, which plot `\(spec.id)` draws as \(axis)",
                                hint: "its fields are \(table.columns.joined(separator: ", ")); fix `\(axis)` of plot `\(spec.id)` in mlx.yaml")
        }
        return cells
    }

    /// The cells as numbers, NaN where a row has none; words are an error.
    private func numbers(_ cells: [PlotTable.Cell], field: String) throws -> [Double] {
        try cells.enumerated().map { row, cell in
            switch cell {
            case let .number(value): return value
            case .missing: return .nan
            case let .text(text):
                throw PipelineError(file: file, message: "field `\(field)` holds `\(text)` in row \(row + 1), not a number",
                                    hint: "plot words with template bar_horizontal or confusion, or fix the data")
            }
        }
    }
}
