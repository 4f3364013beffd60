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
        try TransferCommandRunner(transfer: transfer, wait: wait, common: common).run("mlx fetch", verb: "fetching") { session in
            let context = session.context
            let source = try sourceControl(for: context, required: transfer.scope.usesGit)
            let report = try FetchOperation(workspace: session.workspace, remote: session.remote.remote, queue: session.remote.queue,
                                            sourceControl: source)
                .fetch(targets: targets.map(context.absolute), scope: transfer.scope.scope(workspace: true), runCache: transfer.runCache,
                       progress: session.progress)
            return TransferCommandRunner.Outcome(errors: report.errors, document: FetchDocument(remote: session.remote.name, report: report),
                                                 summary: FetchDocument.summary(report, runCache: transfer.runCache))
        }
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
    let jobs: Int
    let seconds: Double
    let errors: [String]
    let runsFetched: Int
    let runsPresent: Int

    /// `fetched 3 files (1.2 MiB) in 0.4 s, 0 failed`, and with `runCache`
    /// `fetched 2 run-cache entries (1 already in the cache)`.
    static func summary(_ report: FetchOperation.Report, runCache: Bool) -> [String] {
        let files = TransferProgressView.summary("fetched", files: report.fetched, bytes: report.bytes, seconds: report.elapsed,
                                                 failed: report.failed + report.missingOnRemote)
        guard runCache else { return [files] }
        return [files, "fetched \(report.runsFetched) run-cache entr\(report.runsFetched == 1 ? "y" : "ies") (\(report.runsPresent) already in the cache)"]
    }

    init(remote: String, report: FetchOperation.Report) {
        self.remote = remote
        fetched = report.fetched
        bytes = report.bytes
        alreadyInCache = report.alreadyInCache
        missingOnRemote = report.missingOnRemote
        failed = report.failed
        retries = report.retries
        jobs = report.jobs
        seconds = report.elapsed
        errors = report.errors.map { URLRedaction.redact("\($0)") }
        runsFetched = report.runsFetched
        runsPresent = report.runsPresent
    }

    enum CodingKeys: String, CodingKey {
        case remote, fetched, bytes, failed, retries, jobs, seconds, errors
        case alreadyInCache = "already_in_cache", missingOnRemote = "missing_on_remote"
        case runsFetched = "runs_fetched", runsPresent = "runs_in_cache"
    }
}
