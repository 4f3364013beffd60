import ArgumentParser
import Foundation
import MLXCore
import MLXPlots

/// `mlx plots`: draw the plots of the pipeline, for the workspace or across revisions.
struct PlotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plots",
        abstract: "Draw the plots of mlx.yaml (CSV, TSV, JSON, YAML data) as an offline HTML page and SVG files.",
        subcommands: [PlotsShowCommand.self, PlotsDiffCommand.self]
    )

    /// Draws `targets` at `revisions` (nil: the workspace) and writes, prints or opens them.
    static func draw(targets: [String], revisions: [String?], options: PlotsOptions, common: CommonOptions) throws {
        let context = try ProjectContext.open(common.effective)
        let root = context.project.root
        let catalog = PlotCatalog(pipeline: Pipeline.exists(in: root) ? try Pipeline.load(projectRoot: root) : nil)
        let specs = try catalog.select(targets: targets, relative: { try? context.project.relativePath(of: context.absolute($0)) },
                                       overrides: options.overrides)
        let repository: (any SourceControl)? = try? context.repository()
        let store = try? context.project.openCache(hasher: .blake3())
        let reader = ProjectFileReader(projectRoot: root, source: repository, store: store)
        let figures = try PlotLoader(reader: reader).figures(specs, revisions: revisions)
        let labels = revisions.map { $0 ?? "workspace" }
        if options.json {
            try Console.printJSON(VegaLiteDocument.document(figures: figures, revisions: labels))
            return
        }
        let template = try options.htmlTemplate.map { path in
            do {
                return try String(contentsOfFile: context.absolute(path), encoding: .utf8)
            } catch {
                throw PlotError(message: "cannot read the HTML template \(path)", hint: "name a readable UTF-8 HTML file holding {plot_divs}")
            }
        }
        let index = try PlotsFolder.write(figures, revisions: labels, template: template,
                                          to: context.absolute(options.out ?? PlotsFolder.defaultName))
        let url = URL(fileURLWithPath: index).absoluteString
        if !context.options.quiet { Console.out(url) }
        if options.open { openInBrowser(url) }
    }

    /// Hands `url` to `xdg-open`, or says why it cannot (the URL is printed either way).
    private static func openInBrowser(_ url: String) {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let opener = path.split(separator: ":").map({ $0 + "/xdg-open" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Console.warning("cannot open the page: there is no xdg-open on PATH; open \(url) in a browser")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            Console.warning("cannot open the page with \(opener): \(error.localizedDescription); open \(url) in a browser")
        }
    }
}

/// `mlx plots show [TARGETS…]`.
struct PlotsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Draw the workspace's plots (all of mlx.yaml's, or the plots and data files named).",
        discussion: "Writes mlx_plots/index.html (every plot inline as SVG, no script: it renders offline) and one .svg per plot, and prints the page's URL."
    )

    @OptionGroup var options: PlotsOptions
    @OptionGroup var common: CommonOptions

    @Argument(help: "Plot ids of mlx.yaml or data files (default: every plot).", completion: .file())
    var targets: [String] = []

    func run() throws {
        try PlotsCommand.draw(targets: targets, revisions: [nil], options: options, common: common)
    }
}

/// `mlx plots diff [REVS…] [--targets …]`.
struct PlotsDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Draw plots of several revisions over each other (default: HEAD and the workspace).",
        discussion: """
            With no revision: HEAD and the workspace; with one: that revision and the workspace; \
            with more: those. Files are read from git objects, or from the cache through the \
            revision's mlx.lock for cached plot outputs; nothing is checked out.
            """
    )

    @OptionGroup var options: PlotsOptions
    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("targets"), parsing: .upToNextOption,
            help: ArgumentHelp("Only these plot ids or data files (default: every plot).", valueName: "target"),
            completion: .file())
    var targets: [String] = []

    @Argument(help: "Git revisions to draw (`workspace` names the workspace).")
    var revisions: [String] = []

    func run() throws {
        let named: [String?] = revisions.map { $0 == "workspace" ? nil : $0 }
        var chosen: [String?] = []
        for revision in named.count > 1 ? named : (named.isEmpty ? ["HEAD"] : named) + [nil] where !chosen.contains(revision) {
            chosen.append(revision)
        }
        try PlotsCommand.draw(targets: targets, revisions: chosen, options: options, common: common)
    }
}
