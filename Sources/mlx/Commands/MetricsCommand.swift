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

/// `mlx metrics show [-a] [-T] [-A]`.
struct MetricsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the values in the workspace's metrics files (JSON, YAML or TOML).",
        discussion: "With -a, -T or -A, also those of other revisions, read from git objects and the cache, nothing checked out."
    )

    @Flag(name: [.customShort("a"), .customLong("all-branches")], help: "Also the metrics at the tip of every branch.")
    var allBranches = false

    @Flag(name: [.customShort("T"), .customLong("all-tags")], help: "Also the metrics of every tag.")
    var allTags = false

    @Flag(name: [.customShort("A"), .customLong("all-commits")], help: "Also the metrics of every commit.")
    var allCommits = false

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
        let files = try targets.map { try context.project.relativePath(of: context.absolute($0)) }
        let scope = RevisionScope(allBranches: allBranches, allTags: allTags, allCommits: allCommits)
        let repository: (any SourceControl)? = scope.isEmpty ? nil : try context.repository()
        let store = scope.isEmpty ? nil : try? context.project.openCache(hasher: .blake3())
        let reader = ProjectFileReader(projectRoot: context.project.root, source: repository, store: store)
        var failed = false
        let report: (any Error) -> Void = { error in
            Entrypoint.printDiagnostic(error)
            failed = true
        }
        // One unreadable file or revision is reported and the rest still shown; the exit status says so.
        var shown = [(label: "workspace", files: try reader.metrics(at: nil, targets: files, failure: report))]
        for revision in try repository?.namedRevisions(in: scope) ?? [] {
            shown.append((revision.label, try reader.metrics(at: revision.revision, targets: files, failure: report)))
        }
        if json {
            let documents = shown.map { ($0.label, Dictionary($0.files.map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })) }
            if scope.isEmpty {
                try Console.printJSON(documents[0].1)
            } else {
                try Console.printJSON(Dictionary(documents, uniquingKeysWith: { first, _ in first }))
            }
        } else if shown.contains(where: { !$0.files.isEmpty }) {
            let revisionColumn = scope.isEmpty ? [] : ["Revision"]
            var rows = [revisionColumn + ["Path", "Metric", "Value"]]
            for (label, files) in shown {
                for file in files {
                    for leaf in file.value.flattened() {
                        rows.append((scope.isEmpty ? [] : [label]) + [file.path, leaf.key, precision.format(leaf.value)])
                    }
                }
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
