import Foundation

/// Runs one queued experiment in a temporary copy of the project and saves it (the work of
/// one `mlx exp run --run-all` slot, or of `--temp`).
///
/// The copy is a linked git work tree at `.mlx/tmp/exps/NAME` with the queue commit checked
/// out; its `.mlx/cache` is a symbolic link to the project's cache, so tracked data is linked
/// from the one cache (never copied twice) and the run cache is shared by every experiment.
/// The result is saved with ``ExperimentStore`` (parent = the baseline) and the copy deleted.
/// A failure leaves the queue ref and the log, with the entry marked `failed`.
public struct QueuedExperimentRun {
    public let queue: ExperimentQueue
    public let repository: any QueueRepository
    /// How tracked data is put into the copy: the project's `cache.type` when set, else
    /// reflink, then hard link, then copy.
    public let linkTypes: [CacheLinkType]

    public init(queue: ExperimentQueue, repository: any QueueRepository, linkTypes: [CacheLinkType]) {
        self.queue = queue
        self.repository = repository
        self.linkTypes = linkTypes
    }

    /// Runs the entry `name` and returns the saved experiment: `reproduce` runs the pipeline
    /// in the copy's workspace (as `mlx repro` does, throwing when a stage failed), `say`
    /// prints mlx's own lines. Throws when it failed, after marking the entry `failed` with the
    /// error; the entry is left alone when it was not runnable (unknown, or running elsewhere).
    @discardableResult
    public func run(_ name: String, reproduce: (Workspace) throws -> Void, say: (String) -> Void) throws -> ExperimentRef {
        guard var entry = try queue.entry(name) else {
            throw ExperimentError("no queued experiment '\(name)'", hint: "see the queue with `mlx queue status`")
        }
        if ExperimentQueue.isAlive(entry) {
            throw ExperimentError("queued experiment '\(name)' is already running (pid \(entry.pid ?? 0))",
                                  hint: "follow it with `mlx queue logs \(name) -f`, or stop it with `mlx queue kill \(name)`")
        }
        guard entry.state != .done else {
            throw ExperimentError("queued experiment '\(name)' has already run", hint: "see it with `mlx exp show`")
        }
        entry.state = .running
        entry.pid = ProcessInfo.processInfo.processIdentifier
        entry.started = Date()
        entry.finished = nil
        entry.exitStatus = nil
        entry.error = nil
        try queue.write(entry)
        let worktree = queue.worktreePath(name)
        defer { try? repository.removeWorktree(at: worktree) }
        do {
            let saved = try execute(entry, in: worktree, reproduce: reproduce, say: say)
            try repository.deleteReference(entry.refName)
            entry.state = .done
            entry.exitStatus = 0
            entry.finished = Date()
            try queue.write(entry)
            return saved
        } catch {
            entry.state = .failed
            entry.exitStatus = 1
            entry.finished = Date()
            entry.error = "\(error)"
            try? queue.write(entry)
            throw error
        }
    }

    /// Checks the entry's commits, makes the copy, reproduces and saves.
    private func execute(_ entry: QueueEntry, in worktree: String, reproduce: (Workspace) throws -> Void,
                         say: (String) -> Void) throws -> ExperimentRef {
        let commit = try queuedCommit(entry)
        try repository.removeWorktree(at: worktree)
        try Syscall.makeDirectories(queue.worktreesDirectory)
        try repository.addWorktree(at: worktree, commit: commit)
        let folder = ExperimentQueuing.relativeRoot(of: queue.project.root, in: repository.workTreeRoot)
        let copy = Project(root: folder.isEmpty ? worktree : worktree + "/" + folder.dropLast())
        try shareCache(with: copy)
        let workspace = try Workspace(project: copy, linkTypes: linkTypes, jobs: ProcessInfo.processInfo.activeProcessorCount)
        if Pipeline.exists(in: copy.root) {
            try linkData(readBy: try Pipeline.load(projectRoot: copy.root), into: workspace, say: say)
            try reproduce(workspace)
        }
        let name = try ExperimentName(entry.name)
        let saved = try ExperimentStore(repository: repository).save(name: name, baseline: entry.baseline, workspace: worktree, force: false)
        say("saved experiment '\(saved.name)' (\(saved.commit.prefix(7)))")
        return saved
    }

    /// Links from the cache the pointer-tracked data the stages read; stage outputs are
    /// restored by the run itself when their stage is unchanged. Data no stage reads is left
    /// out: linking it would make the copy's cost grow with everything the project tracks
    /// (10,000 files are 10,000 links), and the experiment's commit records its pointer files
    /// whether or not the data is there.
    private func linkData(readBy pipeline: Pipeline, into workspace: Workspace, say: (String) -> Void) throws {
        let root = workspace.project.root
        let sources = TrackedSource.find(in: pipeline, projectRoot: root)
        guard !sources.isEmpty else { return }
        let checkout = try CheckoutOperation(workspace: workspace).checkout(sources.map { root + "/" + $0.pointerPath }, force: true, relink: false)
        if let failure = checkout.errors.first { throw failure }
        let linked = checkout.results.reduce(0) { $0 + $1.files }
        if linked > 0 { say("linked \(linked) file\(linked == 1 ? "" : "s") of tracked data from the cache") }
    }

    /// The queue commit of `entry`, after checking that it and its baseline still exist.
    func queuedCommit(_ entry: QueueEntry) throws -> String {
        let fix = "remove it with `mlx queue remove \(entry.name)` and queue it again"
        guard let tip = try repository.references(withPrefix: entry.refName).first(where: { $0.name == entry.refName }) else {
            throw ExperimentError("queued experiment '\(entry.name)': its commit (\(entry.refName)) is gone", hint: fix)
        }
        guard (try? repository.commitSummary(entry.baseline)) != nil else {
            throw ExperimentError("queued experiment '\(entry.name)': its baseline commit \(entry.baseline.prefix(7)) is gone", hint: fix)
        }
        return tip.commit
    }

    /// Gives the copy the project's cache: its `.mlx/cache` is a folder of links to the
    /// project cache's folders (a link in place of the folder itself would not match the
    /// `/cache/` rule of `.mlx/.gitignore`, and git would record it in the experiment). The
    /// per-machine configuration (remotes' credentials) is shared the same way.
    private func shareCache(with copy: Project) throws {
        try Syscall.makeDirectories(copy.cacheDirectory)
        // A project whose `.mlx/.gitignore` was never committed: the links stay out of git.
        try AtomicFile.create(Array(ProjectInitializer.gitignore.utf8), at: copy.mlxDirectory + "/.gitignore")
        for folder in Self.sharedCacheFolders {
            try Syscall.makeDirectories(queue.project.cacheDirectory + "/" + folder)
            try Syscall.symlink(queue.project.cacheDirectory + "/" + folder, at: copy.cacheDirectory + "/" + folder)
        }
        if Syscall.exists(queue.project.localConfigFile) {
            try Syscall.symlink(queue.project.localConfigFile, at: copy.localConfigFile)
        }
    }

    /// The cache's folders: objects, their staging and quarantine (renames between them stay
    /// within one file system), and the run cache.
    static let sharedCacheFolders = ["files", "staging", "quarantine", "runs"]
}
