/// Plot properties given on the command line (`-t`, `-x`, `-y`, `--no-header`, `--title`,
/// `--x-label`, `--y-label`): they replace those of every plot drawn, as in DVC.
public struct PlotOverrides: Sendable, Equatable {
    public var template: String?
    public var x: String?
    public var y: String?
    public var noHeader = false
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?

    public init() {}
}
