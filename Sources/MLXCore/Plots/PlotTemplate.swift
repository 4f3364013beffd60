/// How a plot is drawn: DVC's built-in templates, by the names `mlx.yaml` uses.
public enum PlotTemplate: String, Sendable, CaseIterable {
    case linear, simple, scatter, smooth, confusion
    case confusionNormalized = "confusion_normalized"
    case barHorizontal = "bar_horizontal"
    case barHorizontalSorted = "bar_horizontal_sorted"

    /// The error for a template `name` that is none of these, naming the plot and the templates.
    public static func unknown(_ name: String, plot: String) -> PlotError {
        PlotError(message: "plot `\(plot)` has unknown template `\(name)`",
                  hint: "use one of: " + allCases.map(\.rawValue).joined(separator: ", "))
    }

    /// Whether the plot counts pairs of labels (x: actual class, y: predicted class).
    public var isConfusion: Bool {
        self == .confusion || self == .confusionNormalized
    }

    /// Whether the plot draws one bar per row: the y field names it, the x field is its length.
    public var isBar: Bool {
        self == .barHorizontal || self == .barHorizontalSorted
    }
}
