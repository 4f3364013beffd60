import ArgumentParser
import Foundation
import MLXCore
import MLXRemote

/// `mlx pull`: fetch, then checkout.
struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Download tracked data from a remote and put it in the workspace (fetch + checkout).",
        discussion: """
            Checks out the pointer files' data and the stage outputs recorded in mlx.lock \
            (those declared 'cache: false' are left to git). An object that cannot be fetched \
            or fails verification is named with where it is used, the outputs that need it are \
            left as they were, everything else is checked out, and the command exits 1. When \
            the fetch stops early (the remote stopped answering, the local disk is full), \
            nothing is checked out. With --run-cache, also fetches the remote's run cache \
            (see 'mlx repro --pull').
            """
    )

    @Flag(name: .shortAndLong, help: "Overwrite workspace changes that are not recorded.")
    var force = false

    @OptionGroup var transfer: TransferOptions
    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths or folders (default: everything tracked).", completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let opened = try OpenedRemote.open(transfer.remote, context: context, jobs: transfer.jobs)
        let lock = try context.lock(wait: wait.seconds, command: "mlx pull")
        defer { lock.release() }
        let workspace = try context.workspace()
        let source = try sourceControl(for: context, required: transfer.scope.usesGit)
        let view = TransferProgressView(verb: "fetching", options: options)
        let report = try PullOperation(workspace: workspace, remote: opened.remote, queue: opened.queue, sourceControl: source)
            .pull(targets: targets.map(context.absolute), scope: transfer.scope.scope(workspace: true), force: force,
                  runCache: transfer.runCache, progress: view.callback)
        view.clear()
        printErrors(report.errors)
        if report.checkout == nil && !report.fetch.errors.isEmpty {
            Console.err("hint: nothing was checked out; the workspace is unchanged")
        } else if !report.notCheckedOut.isEmpty {
            let paths = report.notCheckedOut.map { ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, $0) }
            Console.err("hint: not checked out (left as they were): \(paths.joined(separator: ", ")); everything else was")
        }
        if transfer.json {
            try Console.printJSON(PullDocument(fetch: FetchDocument(remote: opened.name, report: report.fetch),
                                               checkout: report.checkout?.results ?? [],
                                               checkedOut: report.checkout != nil, errors: report.errors.map { URLRedaction.redact("\($0)") }))
        } else if !options.quiet {
            for result in report.checkout?.results ?? [] where result.action != "unchanged" {
                let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
                Console.out("\(result.action) \(path) (\(result.files) file\(result.files == 1 ? "" : "s"))")
            }
            let fetch = report.fetch
            Console.out(TransferProgressView.summary("fetched", files: fetch.fetched, bytes: fetch.bytes, seconds: fetch.elapsed,
                                                     failed: fetch.failed + fetch.missingOnRemote))
            if transfer.runCache { Console.out(FetchDocument.runsLine(fetch)) }
        }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}

/// `mlx pull --json`.
private struct PullDocument: Encodable {
    let fetch: FetchDocument
    let checkout: [CheckoutOperation.Result]
    let checkedOut: Bool
    let errors: [String]

    enum CodingKeys: String, CodingKey { case fetch, checkout, errors, checkedOut = "checked_out" }
}
