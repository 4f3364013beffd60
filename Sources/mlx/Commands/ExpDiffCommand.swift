import ArgumentParser
import MLXCore
import MLXGit

/// `mlx exp diff [A] [B]`: params and metrics of an experiment against its baseline, or of any
/// two experiments or revisions.
struct ExpDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show params and metrics that differ between an experiment and its baseline, or between A and B.",
        discussion: """
            Without arguments: HEAD against the workspace. With one experiment: its baseline \
            against it; with one revision: it against the workspace. With two: A against B, \
            each an experiment name or a git revision. Files are read from git objects (and \
            the cache for cached metrics files), nothing is checked out.
            """
    )

    @Argument(help: "Old experiment or revision (default: HEAD, or the baseline of a lone experiment).")
    var old: String?

    @Argument(help: "New experiment or revision (default: the workspace).")
    var new: String?

    @Flag(help: "Show unchanged values too.")
    var all = false

    @Flag(help: "Print a JSON document ({\"metrics\": …, \"params\": …}) instead of text.")
    var json = false

    @Flag(name: .customLong("md"), help: "Print Markdown tables (for pull-request comments).")
    var markdown = false

    @Flag(name: .customLong("param-deps"), help: "Only the params that stages depend on.")
    var paramDeps = false

    @OptionGroup var precision: PrecisionOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if json && markdown { throw ValidationError("--json and --md cannot be used together") }
    }

    /// One side of the comparison: a revision to read (nil: the workspace) and its column title.
    private struct Side {
        let revision: String?
        let label: String
    }

    func run() throws {
        let context = try ProjectContext.open(common.effective)
        let repository = try context.repository()
        let experiments = try ExperimentStore(repository: repository).list()
        func side(_ name: String) throws -> (side: Side, experiment: ExperimentRef?) {
            if let experiment = experiments.first(where: { $0.name == name }) {
                return (Side(revision: experiment.commit, label: name), experiment)
            }
            guard let commit = try? repository.resolve(revision: name) else {
                throw ExperimentError("unknown experiment or revision '\(name)'",
                                      hint: "see the experiments with `mlx exp show` (every commit's with `mlx exp show -A`)")
            }
            return (Side(revision: commit, label: name), nil)
        }
        var before = Side(revision: "HEAD", label: "HEAD")
        var after = Side(revision: nil, label: "workspace")
        if let old {
            let (first, experiment) = try side(old)
            if let new {
                (before, after) = (first, try side(new).side)
            } else if let experiment {
                (before, after) = (Side(revision: experiment.baseline, label: String(experiment.baseline.prefix(7))), first)
            } else {
                before = first
            }
        }
        let root = context.project.root
        let pipeline = Pipeline.exists(in: root) ? try Pipeline.load(projectRoot: root) : nil
        let (metrics, metricsFailed) = try ValueComparison.changes(in: pipeline?.metricsFiles ?? [], context: context, old: before.revision,
                                                                   new: after.revision, all: all, scalarAllowed: true)
        var (params, paramsFailed) = try ValueComparison.changes(in: pipeline?.paramsFiles(projectRoot: root) ?? [ParamsFile.defaultName],
                                                                 context: context, old: before.revision, new: after.revision, all: all)
        if paramDeps {
            let tracked = pipeline?.stages.flatMap(\.params) ?? []
            params = params.filter { change in
                tracked.contains { $0.file == change.file && ($0.keys?.contains { change.key == $0 || change.key.hasPrefix($0 + ".") } ?? true) }
            }
        }
        if json {
            try Console.printJSON(["metrics": ValueDiff.document(metrics), "params": ValueDiff.document(params)])
        } else {
            let labels = (before.label, after.label)
            ValueComparison.printTable(metrics, labels: labels, markdown: markdown, keyTitle: "Metric", precision: precision)
            if !metrics.isEmpty && !params.isEmpty { Console.out("") }
            ValueComparison.printTable(params, labels: labels, markdown: markdown, keyTitle: "Param", precision: nil)
        }
        if metricsFailed || paramsFailed { throw ExitCode.failure }
    }
}
