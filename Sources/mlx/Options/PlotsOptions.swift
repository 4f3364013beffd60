import ArgumentParser
import MLXCore

/// The options `plots show` and `plots diff` share (DVC's names): what to draw and where.
struct PlotsOptions: ParsableArguments {
    @Option(name: [.customShort("t"), .customLong("template")],
            help: ArgumentHelp("Draw every plot with this template (linear, simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted).", valueName: "name"))
    var template: String?

    @Option(name: .customShort("x"), help: ArgumentHelp("Field for the x axis of every plot.", valueName: "field"))
    var x: String?

    @Option(name: .customShort("y"), help: ArgumentHelp("Field for the y axis of every plot.", valueName: "field"))
    var y: String?

    @Flag(name: .customLong("no-header"), help: "CSV and TSV files have no header row (columns are named 0, 1, …).")
    var noHeader = false

    @Option(help: ArgumentHelp("Title of every plot.", valueName: "text"))
    var title: String?

    @Option(name: .customLong("x-label"), help: ArgumentHelp("Title of the x axis.", valueName: "text"))
    var xLabel: String?

    @Option(name: .customLong("y-label"), help: ArgumentHelp("Title of the y axis.", valueName: "text"))
    var yLabel: String?

    @Option(name: [.customShort("o"), .customLong("out")],
            help: ArgumentHelp("Folder to write index.html and the .svg files to (default: mlx_plots).", valueName: "dir"),
            completion: .directory)
    var out: String?

    @Option(name: .customLong("html-template"),
            help: ArgumentHelp("An HTML page to put the plots in, where it says {plot_divs}.", valueName: "path"),
            completion: .file())
    var htmlTemplate: String?

    @Flag(help: "Print each plot's data points and a Vega-Lite spec as JSON instead of writing files.")
    var json = false

    @Flag(help: "Open the page in the browser (with xdg-open).")
    var open = false

    func validate() throws {
        if json && open { throw ValidationError("--json and --open cannot be used together") }
    }

    /// The properties given here, which replace those of `mlx.yaml`.
    var overrides: PlotOverrides {
        var overrides = PlotOverrides()
        overrides.template = template
        overrides.x = x
        overrides.y = y
        overrides.noHeader = noHeader
        overrides.title = title
        overrides.xLabel = xLabel
        overrides.yLabel = yLabel
        return overrides
    }
}
