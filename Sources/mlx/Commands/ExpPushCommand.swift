import ArgumentParser
import MLXCore

/// `mlx exp push`: share experiments through a git remote and their data through an mlx remote.
struct ExpPushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push experiments' refs to a git remote, and their data and run cache to the mlx remote.",
        discussion: """
            The data the experiments' pointer files and mlx.lock record, and the run cache, go \
            first (to -r REMOTE, default core.remote), the refs after, so an experiment found on \
            the git remote always has its data on the mlx remote. --no-cache pushes the refs only.
            """
    )

    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("mlx remote for the data (default: core.remote).", valueName: "name"))
    var remote: String?

    @Option(name: [.short, .customLong("jobs")], help: "Transfers at once.")
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "Replace experiments of the same name on the git remote.")
    var force = false

    @Flag(name: .customLong("no-cache"), help: "Push the refs only, not the data.")
    var noCache = false

    @Flag(name: .customLong("no-run-cache"), help: "Do not push the run cache.")
    var noRunCache = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "The git remote (name or URL).")
    var gitRemote: String

    @Argument(help: "Names of the experiments to push.")
    var experiments: [String]

    func validate() throws {
        if experiments.isEmpty { throw ValidationError("name the experiments to push") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let repository = try context.repository()
        let store = try context.experiments().store
        let chosen = try experiments.map { try store.resolve(name: $0) }
        if !noCache {
            let transfer = try TransferOptions.parse(ExpTransfer.arguments(remote: remote, jobs: jobs, runCache: !noRunCache))
            try TransferCommandRunner(transfer: transfer, wait: wait, common: common).run("mlx exp push", verb: "pushing") { session in
                let report = try PushOperation(workspace: session.workspace, remote: session.remote.remote, queue: session.remote.queue,
                                               sourceControl: repository, remoteCheck: .trust)
                    .push(targets: [], scope: RevisionScope(revisions: chosen.map(\.commit)), runCache: !noRunCache, progress: session.progress)
                var summary = [TransferProgressView.summary("pushed", files: report.pushed, bytes: report.bytes, seconds: report.elapsed,
                                                            failed: report.failed)]
                if !noRunCache {
                    summary.append("pushed \(report.runsPushed) run-cache entr\(report.runsPushed == 1 ? "y" : "ies") (\(report.runsOnRemote) already on the remote)")
                }
                return TransferCommandRunner.Outcome(errors: report.errors, document: ExpTransfer.Document(), summary: summary)
            }
        }
        try repository.pushReferences(chosen.map(\.refName), to: gitRemote, force: force)
        say("pushed \(chosen.count == 1 ? "experiment" : "experiments") \(chosen.map(\.name).joined(separator: ", ")) to git remote '\(gitRemote)'", options: options)
    }
}

/// What exp push and exp pull share for their data transfer.
enum ExpTransfer {
    /// The `TransferOptions` arguments for an mlx remote, a width and the run cache.
    static func arguments(remote: String?, jobs: Int?, runCache: Bool) -> [String] {
        var arguments: [String] = []
        if let remote { arguments += ["--remote", remote] }
        if let jobs { arguments += ["--jobs", String(jobs)] }
        if runCache { arguments.append("--run-cache") }
        return arguments
    }

    /// exp push and pull have no `--json`; the runner asks for a document all the same.
    struct Document: Encodable {}
}
