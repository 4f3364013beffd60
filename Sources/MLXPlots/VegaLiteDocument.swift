import MLXCore

/// `mlx plots … --json`: per plot its data points and a Vega-Lite v5 spec drawing them, in
/// DVC's shape (`{"data": {id: [{"type": "vega", "revisions": […], "content": spec}]}}`), so
/// tools that read `dvc plots --json` read it too.
public enum VegaLiteDocument {
    /// The document for `figures` over `revisions` (their labels, in order).
    public static func document(figures: [PlotFigure], revisions: [String]) -> ParamValue {
        let plots = figures.map { figure in
            entry(figure.spec.id, .list([.dictionary([
                entry("type", .string("vega")),
                entry("revisions", .list(revisions.map(ParamValue.string))),
                entry("content", spec(figure)),
            ])]))
        }
        return .dictionary([entry("data", .dictionary(plots))])
    }

    /// The Vega-Lite spec of one figure, its data inline: one record per point with the
    /// series' name, revision, file and field, and `x`/`y`.
    static func spec(_ figure: PlotFigure) -> ParamValue {
        var values: [ParamValue] = []
        for series in figure.series {
            let common = [entry("series", .string(series.name)), entry("rev", .string(series.revision)),
                          entry("file", .string(series.file)), entry("field", .string(series.field))]
            func add(_ x: ParamValue, _ y: ParamValue) { values.append(.dictionary(common + [entry("x", x), entry("y", y)])) }
            switch series.values {
            case let .points(x, y): for (a, b) in zip(x, y) { add(.float(a), .float(b)) }
            case let .bars(labels, lengths): for (label, length) in zip(labels, lengths) { add(.float(length), .string(label)) }
            case let .pairs(actual, predicted): for (a, b) in zip(actual, predicted) { add(.string(a), .string(b)) }
            }
        }
        var spec = [
            entry("$schema", .string("https://vega.github.io/schema/vega-lite/v5.json")),
            entry("title", .string(figure.spec.title)),
            entry("width", .integer(300)),
            entry("height", .integer(300)),
            entry("data", .dictionary([entry("values", .list(values))])),
        ]
        let color = entry("color", .dictionary([entry("field", .string("series")), entry("type", .string("nominal"))]))
        switch figure.spec.template {
        case .linear, .simple, .scatter, .smooth:
            spec.append(entry("mark", .string(figure.spec.template == .scatter ? "point" : "line")))
            if figure.spec.template == .smooth {
                spec.append(entry("transform", .list([.dictionary([entry("loess", .string("y")), entry("on", .string("x")),
                                                                    entry("groupby", .list([.string("series")]))])])))
            }
            spec.append(entry("encoding", .dictionary([axis("x", "quantitative", figure.xTitle), axis("y", "quantitative", figure.yTitle), color])))
        case .barHorizontal, .barHorizontalSorted:
            spec.append(entry("mark", .string("bar")))
            var y = axis("y", "nominal", figure.yTitle)
            if figure.spec.template == .barHorizontalSorted, case var .dict(fields) = y.value {
                fields.append(entry("sort", .string("-x")))
                y.value = .dictionary(fields)
            }
            spec.append(entry("encoding", .dictionary([axis("x", "quantitative", figure.xTitle), y, color,
                                                       entry("yOffset", .dictionary([entry("field", .string("series"))]))])))
        case .confusion, .confusionNormalized:
            let normalized = figure.spec.template == .confusionNormalized
            spec.append(entry("mark", .string("rect")))
            spec.append(entry("transform", .list([
                .dictionary([entry("aggregate", .list([.dictionary([entry("op", .string("count")), entry("as", .string("count"))])])),
                             entry("groupby", .list(["series", "x", "y"].map(ParamValue.string)))]),
                .dictionary([entry("joinaggregate", .list([.dictionary([entry("op", .string("sum")), entry("field", .string("count")),
                                                                         entry("as", .string("total"))])])),
                             entry("groupby", .list(["series", "x"].map(ParamValue.string)))]),
                .dictionary([entry("calculate", .string("datum.count / datum.total")), entry("as", .string("share"))]),
            ])))
            spec.append(entry("encoding", .dictionary([
                axis("x", "nominal", figure.xTitle), axis("y", "nominal", figure.yTitle),
                entry("color", .dictionary([entry("field", .string(normalized ? "share" : "count")), entry("type", .string("quantitative"))])),
                entry("column", .dictionary([entry("field", .string("series")), entry("type", .string("nominal"))])),
            ])))
        }
        return .dictionary(spec)
    }

    private static func axis(_ field: String, _ type: String, _ title: String) -> ParamValue.Entry {
        entry(field, .dictionary([entry("field", .string(field)), entry("type", .string(type)), entry("title", .string(title))]))
    }

    private static func entry(_ key: String, _ value: ParamValue) -> ParamValue.Entry {
        ParamValue.Entry(key: key, value: value)
    }
}
