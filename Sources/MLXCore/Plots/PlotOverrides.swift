/// Plot properties given on the command line (`-t`, `-x`, `-y`, `--no-header`, `--title`,
/// `--x-label`, `--y-label`): they replace those of every plot drawn, as in DVC.
public struct PlotOverrides: Sendable, Equatable {
    /// A template name, checked when the plots are chosen.
    public var template: String?
    /// The x field of every file.
    public var x: String?
    /// The one y field of every file.
    public var y: String?
    /// CSV/TSV files have no header row.
    public var noHeader = false
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?

    /// No overrides: `mlx.yaml` decides.
    public init() {}
}
