import ArgumentParser
import MLXCore

/// `mlx exp pull`: bring experiments from a git remote, and their data into the cache.
struct ExpPullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Fetch experiments' refs from a git remote, and their data and run cache from the mlx remote into the cache.",
        discussion: """
            The workspace is not changed: 'mlx exp apply NAME' puts an experiment there. \
            --no-cache fetches the refs only.
            """
    )

    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("mlx remote for the data (default: core.remote).", valueName: "name"))
    var remote: String?

    @Option(name: [.short, .customLong("jobs")], help: "Transfers at once.")
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "Replace local experiments of the same name.")
    var force = false

    @Flag(name: .customLong("no-cache"), help: "Fetch the refs only, not the data.")
    var noCache = false

    @Flag(name: .customLong("no-run-cache"), help: "Do not fetch the run cache.")
    var noRunCache = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "The git remote (name or URL).")
    var gitRemote: String

    @Argument(help: "Names of the experiments to pull.")
    var experiments: [String]

    func validate() throws {
        if experiments.isEmpty { throw ValidationError("name the experiments to pull") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let repository = try context.repository()
        let offered = try repository.remoteReferences(gitRemote, withPrefix: ExperimentRef.namespace)
        var chosen: [RefTip] = []
        for name in experiments {
            let matching = offered.filter { ExperimentRef.parse(refName: $0.name)?.name == name }
            guard !matching.isEmpty else {
                throw ExperimentError("git remote '\(gitRemote)' has no experiment '\(name)'",
                                      hint: "see its experiments with `mlx exp list \(gitRemote) --all-commits`")
            }
            chosen += matching
        }
        try repository.fetchReferences(chosen.map(\.name), from: gitRemote, force: force)
        if !noCache {
            let transfer = try TransferOptions.parse(ExpTransfer.arguments(remote: remote, jobs: jobs, runCache: !noRunCache))
            try TransferCommandRunner(transfer: transfer, wait: wait, common: common).run("mlx exp pull", verb: "fetching") { session in
                let report = try FetchOperation(workspace: session.workspace, remote: session.remote.remote, queue: session.remote.queue,
                                                sourceControl: try context.repository())
                    .fetch(targets: [], scope: RevisionScope(revisions: chosen.map(\.commit)), runCache: !noRunCache, progress: session.progress)
                return TransferCommandRunner.Outcome(errors: report.errors, document: ExpTransfer.Document(),
                                                     summary: FetchDocument.summary(report, runCache: !noRunCache))
            }
        }
        say("pulled \(experiments.count == 1 ? "experiment" : "experiments") \(experiments.joined(separator: ", ")) from git remote '\(gitRemote)'", options: options)
    }
}
