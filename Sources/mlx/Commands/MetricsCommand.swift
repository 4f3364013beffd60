import ArgumentParser
import MLXCore

/// `mlx metrics`: show and compare the metrics files of the pipeline.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Show metrics files (the `metrics` outputs of mlx.yaml) and compare them between revisions.",
        subcommands: [MetricsShowCommand.self, MetricsDiffCommand.self]
    )
}

/// `mlx metrics show`.
struct MetricsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the values in the workspace's metrics files (JSON, YAML or TOML)."
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Flag(name: .customLong("md"), help: "Print a Markdown table (for pull-request comments).")
    var markdown = false

    @OptionGroup var precision: PrecisionOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Metrics files (default: every `metrics` output of mlx.yaml).", completion: .file())
    var targets: [String] = []

    func validate() throws {
        if json && markdown { throw ValidationError("--json and --md cannot be used together") }
    }

    func run() throws {
        let context = try ProjectContext.open(common.effective)
        let root = context.project.root
        let files = try targets.isEmpty ? Pipeline.load(projectRoot: root).metricsFiles
            : targets.map { try context.project.relativePath(of: context.absolute($0)) }
        let reader = ProjectFileReader(projectRoot: root, source: nil)
        var values: [String: ParamValue] = [:]
        var failed = false
        for file in files {
            do {
                guard let value = try reader.value(file, at: nil, scalarAllowed: true) else {
                    throw PipelineError(file: file, message: "metrics file does not exist", hint: "run 'mlx repro' to create it")
                }
                values[file] = value
            } catch {
                Entrypoint.printDiagnostic(error)
                failed = true
            }
        }
        if json {
            try Console.printJSON(values)
        } else if !values.isEmpty {
            var rows = [["Path", "Metric", "Value"]]
            for file in files {
                guard let value = values[file] else { continue }
                for leaf in value.flattened() { rows.append([file, leaf.key, precision.format(leaf.value)]) }
            }
            Table.print(rows, markdown: markdown)
        }
        if failed { throw ExitCode.failure }
    }
}

/// `mlx metrics diff [A [B]]`.
struct MetricsDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show metrics that differ between revision A (default HEAD) and B (default the workspace).",
        discussion: "Numbers get a Change column (B - A). Files are read from git objects, nothing is checked out."
    )

    @OptionGroup var revisions: RevisionPairOptions
    @OptionGroup var precision: PrecisionOption
    @OptionGroup var common: CommonOptions

    func run() throws {
        let context = try ProjectContext.open(common.effective)
        let files = try revisions.files(context) { try Pipeline.load(projectRoot: context.project.root).metricsFiles }
        let (changes, failed) = try ValueComparison.changes(in: files, context: context, old: revisions.old, new: revisions.new,
                                                            all: revisions.all, scalarAllowed: true)
        try ValueComparison.print(changes, options: revisions, keyTitle: "Metric", precision: precision)
        if failed { throw ExitCode.failure }
    }
}
