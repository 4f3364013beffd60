import ArgumentParser
import Foundation
import MLXCore
import MLXGit
import MLXRemote
import Synchronization

/// Options shared by push, fetch and pull: which remote, how wide, which revisions, JSON.
struct TransferOptions: ParsableArguments {
    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("Remote to use (default: core.remote).", valueName: "name"))
    var remote: String?

    @Option(name: [.short, .customLong("jobs")], help: "Transfers at once (default: remote.<name>.jobs, else 4 x cores within the open-file limit).")
    var jobs: Int?

    @OptionGroup var scope: ScopeOptions

    @Flag(name: .customLong("run-cache"), help: "Also transfer the run cache (runs/) and every object its entries name.")
    var runCache = false

    @Flag(help: "Print a JSON summary instead of text.")
    var json = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }
}

/// `--all-branches`, `--all-tags`, `--all-commits`, `--rev`: revisions whose pointer files
/// count too, read from git objects.
struct ScopeOptions: ParsableArguments {
    @Flag(name: [.customShort("a"), .customLong("all-branches")], help: "Also the pointer files at the tip of every branch.")
    var allBranches = false

    @Flag(name: [.customShort("T"), .customLong("all-tags")], help: "Also the pointer files of every tag.")
    var allTags = false

    @Flag(name: [.customShort("A"), .customLong("all-commits")], help: "Also the pointer files of every commit.")
    var allCommits = false

    @Option(name: .customLong("rev"), help: ArgumentHelp("Also the pointer files at REV (repeatable).", valueName: "rev"))
    var revisions: [String] = []

    var usesGit: Bool { allBranches || allTags || allCommits || !revisions.isEmpty }

    /// The workspace (when `workspace`) plus the revisions named.
    func scope(workspace: Bool) -> RevisionScope {
        RevisionScope(workspace: workspace, allBranches: allBranches, allTags: allTags, allCommits: allCommits, revisions: revisions)
    }
}

/// A remote opened from the configuration, with the queue its options call for.
struct OpenedRemote {
    let name: String
    let remote: any Remote
    let queue: TransferQueue

    /// The remote `name` (else `core.remote`) of the project's configuration.
    static func open(_ name: String?, context: ProjectContext, jobs: Int?) throws -> OpenedRemote {
        let config = try context.config
        guard let chosen = try name ?? config.string("core.remote") else {
            let known = try config.subsections(of: "remote")
            throw RemoteConfigurationError(
                remote: "", message: known.isEmpty ? "no remote is configured" : "no default remote is set",
                hint: known.isEmpty ? "add one: 'mlx remote add -d storage /path/to/store'"
                                    : "pass -r NAME (one of: \(known.joined(separator: ", "))), or 'mlx remote default NAME'")
        }
        guard let url = try config.string("remote.\(chosen).url") else {
            throw RemoteConfigurationError(remote: chosen, message: "no such remote (remote.\(chosen).url is not set)",
                                           hint: "'mlx remote list' shows the remotes; 'mlx remote add \(chosen) URL' adds it")
        }
        var options: [String: String] = [:]
        for option in RemoteFactory.knownOptions where option != "url" {
            if let value = try config.string("remote.\(chosen).\(option)") { options[option] = value }
        }
        let remote = try RemoteFactory.make(RemoteSettings(name: chosen, url: url, options: options), projectRoot: context.project.root)
        if let warning = (remote as? S3Remote)?.unsignedRequestsWarning { Console.warning(warning) }
        let configuredJobs = try config.int("remote.\(chosen).jobs")
        let retries = try config.int("remote.\(chosen).retries")
        if let retries, retries < 0 {
            throw RemoteConfigurationError(remote: chosen, message: "remote.\(chosen).retries must not be negative")
        }
        let queue = TransferQueue(jobs: jobs ?? configuredJobs.map { max(1, $0) } ?? TransferQueue.defaultJobs(),
                                  retry: RetryPolicy(attempts: (retries ?? 5) + 1))
        return OpenedRemote(name: chosen, remote: remote, queue: queue)
    }
}

/// Draws transfer progress on one stderr line (only on a terminal, at most ten times a second)
/// and words the summary.
final class TransferProgressView: Sendable {
    private struct State: ~Copyable {
        let line: ProgressLine
        var lastDrawn: ContinuousClock.Instant?
    }

    private let verb: String
    private let state: Mutex<State>

    init(verb: String, options: GlobalOptions) {
        self.verb = verb
        state = Mutex(State(line: ProgressLine(options: options)))
    }

    /// The callback to hand to an operation.
    var callback: @Sendable (TransferProgress) -> Void {
        { [self] progress in draw(progress) }
    }

    private func draw(_ progress: TransferProgress) {
        state.withLock { state in
            let now = ContinuousClock.now
            let finished = progress.filesDone + progress.failed >= progress.filesTotal
            if let last = state.lastDrawn, now - last < .milliseconds(100), !finished { return }
            state.lastDrawn = now
            var text = "\(verb) \(progress.filesDone)/\(progress.filesTotal) files"
            if progress.bytesTotal > 0 {
                text += ", \(ByteCount.format(progress.bytesDone))/\(ByteCount.format(progress.bytesTotal))"
            }
            if progress.elapsed > 0.5 { text += ", \(ByteCount.format(Int64(progress.bytesPerSecond)))/s" }
            if let remaining = progress.secondsRemaining, !finished { text += ", ETA \(TransferProgressView.duration(remaining))" }
            if progress.failed > 0 { text += ", \(progress.failed) failed" }
            state.line.show(text)
        }
    }

    func clear() {
        state.withLock { $0.line.clear() }
    }

    /// `pushed 10000 files (1.2 GiB) in 3.1 s, 0 failed`.
    static func summary(_ verb: String, files: Int, bytes: Int64, seconds: Double, failed: Int) -> String {
        "\(verb) \(files) file\(files == 1 ? "" : "s") (\(ByteCount.format(bytes))) in \(duration(seconds)), \(failed) failed"
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 3600 ? "\(whole / 60) min \(whole % 60) s" : "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}

/// The git repository around the project, when there is one and a scope needs it.
func sourceControl(for context: ProjectContext, required: Bool) throws -> (any SourceControl)? {
    do {
        return try context.repository()
    } catch {
        if required { throw error }
        return nil
    }
}

/// A batch's errors, each printed as `mlx: error: …`.
func printErrors(_ errors: [any Error]) {
    for error in errors { Entrypoint.printDiagnostic(error) }
}
