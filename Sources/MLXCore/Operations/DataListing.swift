/// The tracked outputs recorded at one state of a project — the pointer files and the stage
/// outputs of `mlx.lock` in the workspace, or those committed at a revision — which `mlx ls`
/// prints and `mlx diff` compares.
///
/// Only what the pointers and the lock record is read (oids, sizes, file counts); the data
/// itself is never looked at, so a listing at a revision needs neither a checkout nor the data
/// in the cache. (`workspaceData` is the exception: what the workspace's files hold now.)
public struct DataListing: Sendable {
    /// Where the pointers were read from.
    public enum State: Sendable, Hashable, CustomStringConvertible {
        /// The pointer files on disk.
        case workspace
        /// The pointer files committed at a revision (as the user spelled it).
        case revision(String)

        /// `workspace`, or the revision as given.
        public var description: String {
            switch self {
            case .workspace: return "workspace"
            case .revision(let revision): return revision
            }
        }
    }

    /// Where the pointers were read from.
    public let state: State
    /// The outputs, sorted by data path in byte order.
    public let outputs: [TrackedOutput]
    /// Directory manifests this state holds that the cache may not (a workspace directory
    /// changed since it was recorded), keyed by oid.
    public let manifests: [String: Manifest]

    /// A listing of `outputs` (sorted here) at `state`.
    public init(state: State, outputs: [TrackedOutput], manifests: [String: Manifest] = [:]) {
        self.state = state
        self.outputs = outputs.sorted { ByteOrder.precedes($0.dataPath, $1.dataPath) }
        self.manifests = manifests
    }

    /// The workspace's pointer files and the stage outputs its `mlx.lock` records: all of them,
    /// or the pointers `targets` (absolute paths) name, as ``Workspace/trackedOutputs(for:)``
    /// resolves them. A malformed pointer is an error naming its `file:line:column`.
    public static func workspace(_ workspace: Workspace, targets: [String] = []) throws -> DataListing {
        let pointers = try workspace.trackedOutputs(for: targets)
        guard targets.isEmpty else { return DataListing(state: .workspace, outputs: pointers) }
        return DataListing(state: .workspace, outputs: merging(pointers, lockedBy: try workspaceLock(workspace.project)))
    }

    /// The workspace's `mlx.lock` without the outputs `mlx.yaml` marks `cache: false`: git
    /// carries those, and `dvc diff` and `dvc ls` leave them out too.
    static func workspaceLock(_ project: Project) throws -> PipelineLock {
        var lock = try PipelineLock.read(projectRoot: project.root)
        guard !lock.stages.isEmpty, let pipeline = try? Pipeline.load(projectRoot: project.root) else { return lock }
        let uncached = Set(pipeline.stages.flatMap { $0.outputs.filter { !$0.cache }.map(\.path) })
        for name in lock.stages.keys { lock.stages[name]!.outs.removeAll { uncached.contains($0.path) } }
        return lock
    }

    /// `pointers` and the outputs of `lock`'s stages that no pointer already records.
    static func merging(_ pointers: [TrackedOutput], lockedBy lock: PipelineLock) -> [TrackedOutput] {
        let pointed = Set(pointers.map(\.dataPath))
        let locked = ObjectCollector.uniqueOutputs(of: lock).filter { !pointed.contains($0.path) }
        return pointers + locked.map(ObjectCollector.tracked)
    }

    /// The pointer files and the stage outputs of `mlx.lock` committed at `revision`, read from
    /// git's objects through `sourceControl` without checking anything out. Stage outputs that
    /// git itself carries at that revision (`cache: false`) are left out.
    ///
    /// Pointers are those of `project` (which may sit in a subfolder of the work tree), minus
    /// the ones `.mlxignore` at that revision ignores or that lie inside a tracked directory,
    /// which is what the workspace scan skips too. A malformed pointer is an error naming
    /// `REV:path:line:column`; an unknown revision is a ``DataListingError`` naming it.
    public static func revision(_ revision: String, project: Project, sourceControl: any SourceControl) throws -> DataListing {
        let prefix = try projectPrefix(project, in: sourceControl)
        let commit = try resolve(revision, in: sourceControl)
        let suffix = PointerScanner.suffix
        var lock = try committedLock(at: commit, named: revision, prefix: prefix, in: sourceControl)
        let stageOutputs = Set(lock.stages.values.flatMap { $0.outs.map { prefix + $0.path } })
        var carriedByGit = Set<String>()
        let candidates = try sourceControl.listFiles(at: commit) { path in
            if let output = stageOutputs.isEmpty ? nil : enclosingOutput(of: path, in: stageOutputs) {
                carriedByGit.insert(String(output.utf8.dropFirst(prefix.utf8.count))!)
            }
            return path.hasPrefix(prefix) && path.hasSuffix(suffix) && path.utf8.count > prefix.utf8.count + suffix.utf8.count
        }
        // An output committed to git is one `mlx.yaml` marked `cache: false` (see `workspaceLock`).
        for name in lock.stages.keys { lock.stages[name]!.outs.removeAll { carriedByGit.contains($0.path) } }
        let relative = candidates.map { String($0.utf8.dropFirst(prefix.utf8.count))! }
        let ignoreText = try sourceControl.readFile(prefix + IgnoreRules.fileName, at: commit)
        let ignore = ignoreText.map { IgnoreRules(text: String(decoding: $0, as: UTF8.self)) } ?? IgnoreRules()
        let pointerSet = Set(relative)
        var outputs: [TrackedOutput] = []
        let listed = relative.filter { isListed($0, ignore: ignore, pointers: pointerSet) }
        for (path, content) in zip(listed, try sourceControl.readFiles(listed.map { prefix + $0 }, at: commit)) {
            guard let bytes = content else { continue }
            let display = "\(revision):\(path)"
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw PointerError(file: display, message: "pointer file is not valid UTF-8")
            }
            outputs += TrackedOutput.outputs(of: try PointerCodec.decode(text, file: display), at: path)
        }
        return DataListing(state: .revision(revision), outputs: merging(outputs, lockedBy: lock))
    }

    /// `path` itself or the folder above it that is one of `outputs`, if any.
    static func enclosingOutput(of path: String, in outputs: Set<String>) -> String? {
        var candidate = Substring(path)
        while !candidate.isEmpty {
            if outputs.contains(String(candidate)) { return String(candidate) }
            guard let slash = candidate.lastIndex(of: "/") else { return nil }
            candidate = candidate[..<slash]
        }
        return nil
    }

    /// The `mlx.lock` committed at `commit` (empty when there is none); a malformed one is an
    /// error naming `REV:mlx.lock`.
    static func committedLock(at commit: String, named revision: String, prefix: String,
                              in sourceControl: any SourceControl) throws -> PipelineLock {
        guard let bytes = try sourceControl.readFile(prefix + Pipeline.lockFileName, at: commit) else { return PipelineLock() }
        let display = "\(revision):\(Pipeline.lockFileName)"
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineError(file: display, message: "is not UTF-8 text")
        }
        return try PipelineLockCodec.decode(text, file: display)
    }

    /// The outputs at or under the project-relative `path`, and the directory output that
    /// contains it when `path` lies inside one. `""` keeps everything.
    public func restricted(to path: String) -> DataListing {
        guard !path.isEmpty else { return self }
        let kept = outputs.filter { output in
            output.dataPath == path || output.dataPath.hasPrefix(path + "/") || path.hasPrefix(output.dataPath + "/")
        }
        return DataListing(state: state, outputs: kept)
    }

    /// The data path a project-relative path names: a pointer file (`a.csv.mlx`) names its
    /// output (`a.csv`), anything else itself.
    public static func dataPath(named relative: String) -> String {
        relative.hasSuffix(PointerScanner.suffix) ? String(relative.dropLast(PointerScanner.suffix.count)) : relative
    }

    /// The output recorded for `dataPath`, if any.
    public func output(at dataPath: String) -> TrackedOutput? {
        outputs.first { $0.dataPath == dataPath }
    }

    /// Whether the workspace scan would list the pointer at `path`: not under `.mlx`, not
    /// ignored (nor any folder above it), and not inside a directory tracked by another pointer.
    static func isListed(_ path: String, ignore: IgnoreRules, pointers: Set<String>) -> Bool {
        let components = path.split(separator: "/")
        if components.first == ".mlx" { return false }
        var folder = ""
        for component in components.dropLast() {
            folder = folder.isEmpty ? String(component) : folder + "/" + component
            if pointers.contains(folder + PointerScanner.suffix) { return false }
            if ignore.isIgnored(folder, isDirectory: true) { return false }
        }
        return !ignore.isIgnored(path, isDirectory: false)
    }

    /// The project's folder inside the work tree, with a trailing `/` (`""` at the top).
    static func projectPrefix(_ project: Project, in sourceControl: any SourceControl) throws -> String {
        let root = ProjectPath.realPath(project.root) ?? project.root
        let top = ProjectPath.realPath(sourceControl.workTreeRoot) ?? sourceControl.workTreeRoot
        if root == top { return "" }
        guard root.hasPrefix(top == "/" ? "/" : top + "/") else {
            throw DataListingError(revision: nil, message: "the project at \(root) is not inside the git work tree \(top)",
                                   hint: "run mlx inside the git repository that holds the project")
        }
        return String(root.utf8.dropFirst(top == "/" ? 1 : top.utf8.count + 1))! + "/"
    }

    /// `revision` as a commit oid; errors become a ``DataListingError`` that names it.
    static func resolve(_ revision: String, in sourceControl: any SourceControl) throws -> String {
        do {
            return try sourceControl.resolve(revision: revision)
        } catch {
            throw DataListingError(revision: revision, underlying: error)
        }
    }
}
