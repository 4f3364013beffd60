/// The tracked outputs recorded at one state of a project — the pointer files in the workspace,
/// or those committed at a revision — which `mlx ls` prints and `mlx diff` compares.
///
/// Only what the pointers record is read (oids, sizes, file counts); the data itself is never
/// looked at, so a listing at a revision needs neither a checkout nor the data in the cache.
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

    /// A listing of `outputs` (sorted here) at `state`.
    public init(state: State, outputs: [TrackedOutput]) {
        self.state = state
        self.outputs = outputs.sorted { ByteOrder.precedes($0.dataPath, $1.dataPath) }
    }

    /// The workspace's pointer files: all of them, or those `targets` (absolute paths) name, as
    /// ``Workspace/trackedOutputs(for:)`` resolves them. A malformed pointer is an error naming
    /// its `file:line:column`.
    public static func workspace(_ workspace: Workspace, targets: [String] = []) throws -> DataListing {
        DataListing(state: .workspace, outputs: try workspace.trackedOutputs(for: targets))
    }

    /// The pointer files committed at `revision`, read from git's objects through
    /// `sourceControl` without checking anything out.
    ///
    /// Pointers are those of `project` (which may sit in a subfolder of the work tree), minus
    /// the ones `.mlxignore` at that revision ignores or that lie inside a tracked directory,
    /// which is what the workspace scan skips too. A malformed pointer is an error naming
    /// `REV:path:line:column`; an unknown revision is a ``DataListingError`` naming it.
    public static func revision(_ revision: String, project: Project, sourceControl: any SourceControl) throws -> DataListing {
        let prefix = try projectPrefix(project, in: sourceControl)
        let commit = try resolve(revision, in: sourceControl)
        let suffix = PointerScanner.suffix
        let candidates = try sourceControl.listFiles(at: commit) { path in
            path.hasPrefix(prefix) && path.hasSuffix(suffix) && path.utf8.count > prefix.utf8.count + suffix.utf8.count
        }
        let relative = candidates.map { String($0.utf8.dropFirst(prefix.utf8.count))! }
        let ignoreText = try sourceControl.readFile(prefix + IgnoreRules.fileName, at: commit)
        let ignore = ignoreText.map { IgnoreRules(text: String(decoding: $0, as: UTF8.self)) } ?? IgnoreRules()
        let pointerSet = Set(relative)
        var outputs: [TrackedOutput] = []
        for path in relative where isListed(path, ignore: ignore, pointers: pointerSet) {
            guard let bytes = try sourceControl.readFile(prefix + path, at: commit) else { continue }
            let display = "\(revision):\(path)"
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw PointerError(file: display, message: "pointer file is not valid UTF-8")
            }
            outputs += TrackedOutput.outputs(of: try PointerCodec.decode(text, file: display), at: path)
        }
        return DataListing(state: .revision(revision), outputs: outputs)
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
