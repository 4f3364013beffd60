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
        try TransferCommandRunner(transfer: transfer, wait: wait, common: common).run("mlx pull", verb: "fetching") { session in
            let context = session.context
            let source = try sourceControl(for: context, required: transfer.scope.usesGit)
            let report = try PullOperation(workspace: session.workspace, remote: session.remote.remote, queue: session.remote.queue,
                                           sourceControl: source)
                .pull(targets: targets.map(context.absolute), scope: transfer.scope.scope(workspace: true), force: force,
                      runCache: transfer.runCache, progress: session.progress)
            return outcome(of: report, remote: session.remote.name, directory: session.options.directory, root: context.project.root)
        }
    }

    private func outcome(of report: PullOperation.Report, remote: String, directory: String, root: String) -> TransferCommandRunner.Outcome {
        var hints: [String] = []
        if report.checkout == nil && !report.fetch.errors.isEmpty {
            hints.append("hint: nothing was checked out; the workspace is unchanged")
        } else if !report.notCheckedOut.isEmpty {
            let paths = report.notCheckedOut.map { ShellQuoting.display(relativeTo: directory, projectRoot: root, $0) }
            hints.append("hint: not checked out (left as they were): \(paths.joined(separator: ", ")); everything else was")
        }
        let document = PullDocument(fetch: FetchDocument(remote: remote, report: report.fetch), checkout: report.checkout?.results ?? [],
                                    checkedOut: report.checkout != nil, errors: report.errors.map { URLRedaction.redact("\($0)") })
        var summary: [String] = []
        for result in report.checkout?.results ?? [] where result.action != "unchanged" {
            let path = ShellQuoting.display(relativeTo: directory, projectRoot: root, result.path)
            summary.append("\(result.action) \(path) (\(result.files) file\(result.files == 1 ? "" : "s"))")
        }
        summary += FetchDocument.summary(report.fetch, runCache: transfer.runCache)
        return TransferCommandRunner.Outcome(errors: report.errors, hints: hints, document: document, summary: summary)
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
