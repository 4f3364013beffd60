import ArgumentParser
import Foundation
import MLXCore
import MLXRemote

/// `mlx fetch`: download data into the cache.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download tracked data from a remote into the cache, without touching the workspace.",
        discussion: """
            Every object is checked against its oid before it enters the cache; a corrupt copy \
            is refused and named. 'mlx checkout' (or 'mlx pull') then puts the data in place. \
            Stage outputs recorded in mlx.lock are fetched too (not those git carries). With \
            --run-cache, also the remote's run cache (runs/) and the objects its entries name.
            """
    )

    @OptionGroup var transfer: TransferOptions
    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths or folders (default: everything tracked).", completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let opened = try OpenedRemote.open(transfer.remote, context: context, jobs: transfer.jobs)
        let lock = try context.lock(wait: wait.seconds, command: "mlx fetch")
        defer { lock.release() }
        let workspace = try context.workspace()
        let source = try sourceControl(for: context, required: transfer.scope.usesGit)
        let view = TransferProgressView(verb: "fetching", options: options)
        let report = try FetchOperation(workspace: workspace, remote: opened.remote, queue: opened.queue, sourceControl: source)
            .fetch(targets: targets.map(context.absolute), scope: transfer.scope.scope(workspace: true), runCache: transfer.runCache,
                   progress: view.callback)
        view.clear()
        printErrors(report.errors)
        if transfer.json {
            try Console.printJSON(FetchDocument(remote: opened.name, report: report))
        } else if !options.quiet {
            Console.out(TransferProgressView.summary("fetched", files: report.fetched, bytes: report.bytes, seconds: report.elapsed,
                                                     failed: report.failed + report.missingOnRemote))
            if transfer.runCache { Console.out(FetchDocument.runsLine(report)) }
        }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}

/// `mlx fetch --json` (and the fetch half of `mlx pull --json`).
struct FetchDocument: Encodable {
    let remote: String
    let fetched: Int
    let bytes: Int64
    let alreadyInCache: Int
    let missingOnRemote: Int
    let failed: Int
    let retries: Int
    let seconds: Double
    let errors: [String]
    let runsFetched: Int
    let runsPresent: Int

    /// `fetched 2 run-cache entries (1 already in the cache)`.
    static func runsLine(_ report: FetchOperation.Report) -> String {
        "fetched \(report.runsFetched) run-cache entr\(report.runsFetched == 1 ? "y" : "ies") (\(report.runsPresent) already in the cache)"
    }

    init(remote: String, report: FetchOperation.Report) {
        self.remote = remote
        fetched = report.fetched
        bytes = report.bytes
        alreadyInCache = report.alreadyInCache
        missingOnRemote = report.missingOnRemote
        failed = report.failed
        retries = report.retries
        seconds = report.elapsed
        errors = report.errors.map { URLRedaction.redact("\($0)") }
        runsFetched = report.runsFetched
        runsPresent = report.runsPresent
    }

    enum CodingKeys: String, CodingKey {
        case remote, fetched, bytes, failed, retries, seconds, errors
        case alreadyInCache = "already_in_cache", missingOnRemote = "missing_on_remote"
        case runsFetched = "runs_fetched", runsPresent = "runs_in_cache"
    }
}
