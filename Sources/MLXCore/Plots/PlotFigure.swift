/// One plot with its data: a series per file × revision × y field, ready to draw or print.
public struct PlotFigure: Sendable {
    public var spec: PlotSpec
    /// The x axis title: the plot's `x_label`, else its x field (`step` for the row number).
    public var xTitle: String
    /// The y axis title: the plot's `y_label`, else its y field when there is one, else `y`.
    public var yTitle: String
    public var series: [PlotSeries]

    /// A figure of `series`, drawn as `spec` says.
    public init(spec: PlotSpec, xTitle: String, yTitle: String, series: [PlotSeries]) {
        self.spec = spec
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
    }
}

/// The values one file gives one field of a plot at one revision.
public struct PlotSeries: Sendable, Equatable {
    /// The data, by the template's kind.
    public enum Values: Sendable, Equatable {
        /// Numbers against numbers (linear, simple, scatter, smooth), in file order.
        case points(x: [Double], y: [Double])
        /// One bar per row: its label (the y field) and length (the x field).
        case bars(labels: [String], lengths: [Double])
        /// One (actual, predicted) class pair per row, for confusion matrices.
        case pairs(actual: [String], predicted: [String])
    }

    /// `workspace` or the revision as the user named it.
    public var revision: String
    public var file: String
    public var field: String
    /// The legend's text: the parts that tell this series from the plot's others.
    public var name: String
    public var values: Values

    /// A series; without a name the field names it until `named` gives the legend's text.
    public init(revision: String, file: String, field: String, name: String = "", values: Values) {
        self.revision = revision
        self.file = file
        self.field = field
        self.name = name.isEmpty ? field : name
        self.values = values
    }

    /// How many rows the series holds.
    public var count: Int {
        switch values {
        case let .points(x, _): return x.count
        case let .bars(labels, _): return labels.count
        case let .pairs(actual, _): return actual.count
        }
    }

    /// Names each series by the revision, file and field, leaving out those all share.
    static func named(_ series: [PlotSeries]) -> [PlotSeries] {
        let varies = (
            revision: Set(series.map(\.revision)).count > 1,
            file: Set(series.map(\.file)).count > 1,
            field: Set(series.map(\.field)).count > 1
        )
        return series.map { item in
            var parts: [String] = []
            if varies.revision { parts.append(item.revision) }
            if varies.file { parts.append(item.file) }
            if varies.field || parts.isEmpty { parts.append(item.field) }
            var named = item
            named.name = parts.joined(separator: " · ")
            return named
        }
    }
}
