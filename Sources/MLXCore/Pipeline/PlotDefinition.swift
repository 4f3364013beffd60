/// A plot of `mlx.yaml`'s top-level `plots` (DVC's format): an id — a file or folder of data
/// points, or a name when `y` names the files — and how to draw it.
public struct PlotDefinition: Sendable, Hashable {
    /// The plot's file or folder (project-relative), or its name when `y` maps files to fields.
    public var id: String
    public var properties: PlotProperties
    /// Where in `mlx.yaml` it is defined, for messages.
    public var line: Int

    public init(id: String, properties: PlotProperties = PlotProperties(), line: Int = 0) {
        self.id = id
        self.properties = properties
        self.line = line
    }

    /// The files the plot reads: those `y` names, else the id itself.
    public var files: [String] {
        let named = properties.y?.sources.compactMap(\.file) ?? []
        return named.isEmpty ? [id] : named
    }
}

/// How to draw a plot: DVC's plot properties, on a top-level plot or a stage's `plots` output.
public struct PlotProperties: Sendable, Hashable {
    public var template: String?
    public var x: PlotAxis?
    public var y: PlotAxis?
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// Whether a CSV/TSV file's first row names its columns (DVC's `header`, default true).
    public var header: Bool?

    public init() {}

    /// The property names mlx.yaml may use, for messages.
    public static let keys = ["template", "x", "y", "title", "x_label", "y_label", "header"]
}

/// The fields an axis draws: `y: acc`, `y: [acc, loss]`, or per file `y: {train.json: acc}`.
public struct PlotAxis: Sendable, Hashable {
    public struct Source: Sendable, Hashable {
        /// Project-relative file; nil for the plot's own file.
        public var file: String?
        public var fields: [String]

        public init(file: String?, fields: [String]) {
            self.file = file
            self.fields = fields
        }
    }

    public var sources: [Source]

    public init(sources: [Source]) {
        self.sources = sources
    }
}
