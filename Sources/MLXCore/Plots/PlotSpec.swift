/// One plot to draw, resolved from `mlx.yaml` and the command line: which fields of which files,
/// and how.
public struct PlotSpec: Sendable, Equatable {
    /// The fields one file gives the plot.
    public struct Source: Sendable, Equatable {
        /// Project-relative data file.
        public var file: String
        /// The x field; nil plots against the row number (DVC's `step`).
        public var x: String?
        /// The y fields; empty takes the file's last column, as DVC does.
        public var y: [String]

        /// The fields `file` gives.
        public init(file: String, x: String?, y: [String]) {
            self.file = file
            self.x = x
            self.y = y
        }
    }

    /// The plot's id: its file, or its name in `mlx.yaml`.
    public var id: String
    public var template: PlotTemplate
    /// The plot's title: `title`, else its id.
    public var title: String
    public var xLabel: String?
    public var yLabel: String?
    /// Whether CSV/TSV files start with a header row.
    public var header: Bool
    public var sources: [Source]

    /// A plot of `sources`; without a title the id is the title.
    public init(id: String, template: PlotTemplate = .linear, title: String? = nil, xLabel: String? = nil,
                yLabel: String? = nil, header: Bool = true, sources: [Source]) {
        self.id = id
        self.template = template
        self.title = title ?? id
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.header = header
        self.sources = sources
    }
}
