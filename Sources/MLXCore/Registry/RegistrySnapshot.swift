/// A registry's tree at one commit: its git files and the data its pointer files and `mlx.lock`
/// track, read from git's objects. The repository is someone else's: every path in it is
/// checked as a project's own would be, before anything is written.
public struct RegistrySnapshot: Sendable {
    /// The repository's URL, as the user gave it (for messages and pointer files).
    public let url: String
    /// The commit read.
    public let commit: String
    /// The git files, pointer files left out.
    public let files: [RegistryFile]
    /// The tracked data: pointer outputs, then stage outputs of `mlx.lock`.
    public let outputs: [TrackedOutput]

    /// Reads the tree at `commit` and every pointer file and `mlx.lock` in it.
    ///
    /// - Throws: ``RegistryError`` naming a pointer file or lock the repository holds that mlx
    ///   cannot read (a path escaping the repository included).
    public static func read(_ repository: any RegistryRepository, url: String, commit: String) throws -> RegistrySnapshot {
        let all = try repository.registryFiles(at: commit)
        var files: [RegistryFile] = []
        var pointerPaths: [String] = []
        for file in all where !file.path.hasPrefix(".mlx/") {
            if file.path.hasSuffix(PointerScanner.suffix) && file.kind != .symlink {
                pointerPaths.append(file.path)
            } else {
                files.append(file)
            }
        }
        let hasLock = files.contains { $0.path == Pipeline.lockFileName && $0.kind == .regular }
        let contents = try repository.readFiles(pointerPaths + (hasLock ? [Pipeline.lockFileName] : []), at: commit)
        var outputs: [TrackedOutput] = []
        for (pointerPath, bytes) in zip(pointerPaths, contents) {
            guard let bytes else { continue }
            do {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw PointerError(file: pointerPath, message: "pointer file is not valid UTF-8")
                }
                outputs += TrackedOutput.outputs(of: try PointerCodec.decode(text, file: pointerPath), at: pointerPath)
            } catch {
                throw RegistryError(source: url, message: "cannot read its pointer file: \(error)",
                                    hint: "fix the pointer in that repository, or ask for another --rev")
            }
        }
        if hasLock, let bytes = contents.last ?? nil {
            do {
                let lock = try PipelineLockCodec.decode(String(decoding: bytes, as: UTF8.self), file: Pipeline.lockFileName)
                outputs += ObjectCollector.uniqueOutputs(of: lock).map(ObjectCollector.tracked)
            } catch {
                throw RegistryError(source: url, message: "cannot read its \(Pipeline.lockFileName): \(error)")
            }
        }
        for output in outputs {
            if let problem = ProjectPath.problem(with: output.dataPath) {
                throw RegistryError(source: url, message: "\(output.pointerPath) tracks `\(output.dataPath)`: \(problem)",
                                    hint: "a registry's data must stay inside it")
            }
        }
        return RegistrySnapshot(url: url, commit: commit, files: files, outputs: outputs)
    }

    /// What `path` (repository-relative; empty for the top) names: tracked data, data inside
    /// a tracked directory, a git file, or a folder holding any of those.
    ///
    /// - Throws: ``RegistryError`` when nothing is at `path`, or `path` leaves the repository.
    public func select(_ path: String) throws -> RegistrySelection {
        let wanted = Self.normalized(path)
        if !wanted.isEmpty, let problem = ProjectPath.problem(with: wanted) {
            throw RegistryError(source: url, message: "\(problem): `\(path)`", hint: "name a path inside the repository")
        }
        if let output = outputs.first(where: { $0.dataPath == wanted }) {
            return RegistrySelection(path: wanted, pieces: [.init(relative: "", kind: .data(output, inside: nil))],
                                     isDirectory: output.output.isDirectory)
        }
        if let output = outputs.first(where: { $0.output.isDirectory && wanted.hasPrefix($0.dataPath + "/") }) {
            let inside = String(wanted.dropFirst(output.dataPath.count + 1))
            return RegistrySelection(path: wanted, pieces: [.init(relative: "", kind: .data(output, inside: inside))], isDirectory: false)
        }
        if let file = files.first(where: { $0.path == wanted }) {
            return RegistrySelection(path: wanted, pieces: [.init(relative: "", kind: .git(file))], isDirectory: false)
        }
        let prefix = wanted.isEmpty ? "" : wanted + "/"
        var pieces: [RegistrySelection.Piece] = []
        for file in files where file.path.hasPrefix(prefix) {
            pieces.append(.init(relative: String(file.path.dropFirst(prefix.count)), kind: .git(file)))
        }
        for output in outputs where output.dataPath.hasPrefix(prefix) {
            pieces.append(.init(relative: String(output.dataPath.dropFirst(prefix.count)), kind: .data(output, inside: nil)))
        }
        guard !pieces.isEmpty else {
            throw RegistryError(source: url, message: "`\(path)` does not exist at \(commit.prefix(7))",
                                hint: "`mlx list \(url)` shows what the repository holds")
        }
        return RegistrySelection(path: wanted, pieces: pieces, isDirectory: true)
    }

    /// `path` without `./`, repeated or trailing slashes.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }
}

/// What one path of a registry names, as pieces placed relative to the destination.
public struct RegistrySelection: Sendable {
    /// One git file, or tracked data (with the path inside a tracked directory, when asked for).
    public struct Piece: Sendable {
        /// Where the piece's bytes come from.
        public enum Kind: Sendable {
            /// A file git carries.
            case git(RegistryFile)
            /// Tracked data; `inside` names a path within a tracked directory.
            case data(TrackedOutput, inside: String?)
        }

        /// Where the piece goes under the destination; empty: the destination itself.
        public let relative: String
        /// What the piece is.
        public let kind: Kind
    }

    /// The repository-relative path asked for.
    public let path: String
    /// What lands at the destination.
    public let pieces: [Piece]
    /// Whether the destination is a folder (a tracked directory or a folder of files).
    public let isDirectory: Bool

    /// The tracked output when the path names exactly one (what `import` records), else `nil`.
    public var trackedOutput: TrackedOutput? {
        guard pieces.count == 1, case let .data(output, inside) = pieces[0].kind, inside == nil else { return nil }
        return output
    }
}
