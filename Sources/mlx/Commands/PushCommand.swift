import ArgumentParser
import Foundation
import MLXCore
import MLXRemote

/// `mlx push`: upload cached data to a remote.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Upload tracked data from the cache to a remote.",
        discussion: """
            Uploads the objects the pointer files name (and, with --all-branches, --all-tags, \
            --all-commits or --rev, the pointer files of those revisions too) that the remote \
            lacks. A directory's manifest is uploaded after all its files, so its presence on \
            the remote means the directory is complete. Stage outputs recorded in mlx.lock \
            are pushed too, except those declared 'cache: false' (git carries them). With \
            --run-cache, also uploads the run cache's entries (runs/) and every object they \
            name, each entry after its objects. With --hook, reads git's pre-push lines \
            ("<local ref> <local sha> <remote ref> <remote sha>") from stdin and pushes what \
            the pushed commits reference: those reachable from the new tips and not from the \
            remote's old tips or its tracking refs (refs/remotes/NAME/*, NAME being git's \
            first argument), as git-lfs does. Every object is hashed as it is uploaded: one \
            that no longer matches its name in the cache is moved to .mlx/cache/quarantine, \
            named in an error and not uploaded; the rest are pushed and the command exits 1. \
            Objects the remote has are trusted by name and size; --verify downloads and \
            hashes them and uploads the damaged ones again, --force uploads them all again.
            """
    )

    @OptionGroup var transfer: TransferOptions

    @Flag(help: "Run as git's pre-push hook: push what the commits git is pushing reference.")
    var hook = false

    @Flag(help: "Download and hash the remote's copies of what would be pushed; upload the damaged ones again.")
    var verify = false

    @Flag(name: .shortAndLong, help: "Upload every object again, even those the remote has.")
    var force = false

    func validate() throws {
        if verify && force { throw ValidationError("--verify and --force cannot be used together (--force uploads everything anyway)") }
    }

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths or folders (default: everything tracked).", completion: .file())
    var targets: [String] = []

    func run() throws {
        try TransferCommandRunner(transfer: transfer, wait: wait, common: common).run("mlx push", verb: "pushing") { session in
            let context = session.context
            let scope: RevisionScope
            let paths: [String]
            if hook {
                // git passes the remote's name (or URL) and URL; what that remote's tracking refs
                // or old tips already reach was pushed before, with its data.
                let updates = try PushCommand.refUpdates(FileHandle.standardInput.readDataToEndOfFile())
                guard !updates.isEmpty, let repository = try sourceControl(for: context, required: true) else { return nil }
                let trackingRefs = targets.first.map { ["refs/remotes/\($0)/*"] } ?? []
                let commits = try repository.commits(from: updates.map(\.local), excluding: updates.compactMap(\.remote),
                                                     excludingRefsMatching: trackingRefs)
                if commits.isEmpty { return nil }
                scope = RevisionScope(revisions: commits)
                paths = []
            } else {
                scope = transfer.scope.scope(workspace: true)
                paths = targets.map(context.absolute)
            }
            let source = try sourceControl(for: context, required: hook || transfer.scope.usesGit)
            let check: PushOperation.RemoteCheck = force ? .force : verify ? .verify : .trust
            let report = try PushOperation(workspace: session.workspace, remote: session.remote.remote, queue: session.remote.queue,
                                           sourceControl: source, remoteCheck: check)
                .push(targets: paths, scope: scope, runCache: transfer.runCache && !hook, progress: session.progress)
            return outcome(of: report, remote: session.remote.name)
        }
    }

    private func outcome(of report: PushOperation.Report, remote: String) -> TransferCommandRunner.Outcome {
        var summary = [TransferProgressView.summary("pushed", files: report.pushed, bytes: report.bytes, seconds: report.elapsed, failed: report.failed)]
        if verify {
            summary.append("replaced \(report.replacedOnRemote) damaged object\(report.replacedOnRemote == 1 ? "" : "s") on the remote")
        }
        if transfer.runCache {
            summary.append("pushed \(report.runsPushed) run-cache entr\(report.runsPushed == 1 ? "y" : "ies") (\(report.runsOnRemote) already on the remote)")
        }
        return TransferCommandRunner.Outcome(errors: report.errors, document: PushDocument(remote: remote, report: report), summary: summary)
    }

    /// git's pre-push lines as (local sha, remote sha); deleted refs (an all-zero local sha)
    /// push nothing, and a new ref's remote sha (all zeros) excludes nothing.
    static func refUpdates(_ input: Data) throws -> [(local: String, remote: String?)] {
        var updates: [(local: String, remote: String?)] = []
        for line in String(decoding: input, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4 else {
                throw UsageError(message: "--hook expects lines '<local ref> <local sha> <remote ref> <remote sha>' on stdin, got '\(line)'")
            }
            let isZero = { (sha: Substring) in sha.allSatisfy { $0 == "0" } }
            if isZero(fields[1]) { continue }
            updates.append((String(fields[1]), isZero(fields[3]) ? nil : String(fields[3])))
        }
        return updates
    }
}

/// `mlx push --json`.
private struct PushDocument: Encodable {
    let remote: String
    let pushed: Int
    let bytes: Int64
    let alreadyOnRemote: Int
    let replacedOnRemote: Int
    let failed: Int
    let retries: Int
    let jobs: Int
    let seconds: Double
    let errors: [String]
    let runsPushed: Int
    let runsOnRemote: Int

    init(remote: String, report: PushOperation.Report) {
        self.remote = remote
        pushed = report.pushed
        bytes = report.bytes
        alreadyOnRemote = report.alreadyOnRemote
        replacedOnRemote = report.replacedOnRemote
        failed = report.failed
        retries = report.retries
        jobs = report.jobs
        seconds = report.elapsed
        errors = report.errors.map { URLRedaction.redact("\($0)") }
        runsPushed = report.runsPushed
        runsOnRemote = report.runsOnRemote
    }

    enum CodingKeys: String, CodingKey {
        case remote, pushed, bytes, failed, retries, jobs, seconds, errors, alreadyOnRemote = "already_on_remote"
        case replacedOnRemote = "replaced_on_remote"
        case runsPushed = "runs_pushed", runsOnRemote = "runs_on_remote"
    }
}
