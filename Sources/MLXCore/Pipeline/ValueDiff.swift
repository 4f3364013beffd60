/// One param or metric whose value differs between two versions of a file.
public struct ValueChange: Sendable, Encodable, Equatable {
    /// The params or metrics file, project-relative.
    public let file: String
    /// Dotted key of a leaf value (`train.lr`, `layers.0.units`).
    public let key: String
    /// The value in the old version, nil when absent there.
    public let old: ParamValue?
    /// The value in the new version, nil when absent there.
    public let new: ParamValue?

    /// `new - old` when both are numbers.
    public var change: Double? {
        guard let old = old?.number, let new = new?.number else { return nil }
        return new - old
    }

    enum CodingKeys: String, CodingKey { case old, new, diff }

    /// `{"old": …, "new": …, "diff": …}` (absent values as null; `diff` only for numbers).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(old ?? .null, forKey: .old)
        try container.encode(new ?? .null, forKey: .new)
        if let change { try container.encode(change, forKey: .diff) }
    }
}

/// Comparing params and metrics files between two versions (revisions or the workspace).
public enum ValueDiff {
    /// The leaves that differ between `old` and `new` (every leaf with `all`), in key order.
    public static func compare(file: String, old: ParamValue?, new: ParamValue?, all: Bool = false) -> [ValueChange] {
        let before = Dictionary(old?.flattened() ?? [], uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new?.flattened() ?? [], uniquingKeysWith: { first, _ in first })
        return Set(before.keys).union(after.keys).sorted(by: ParamValue.precedes).compactMap { key in
            let (was, now) = (before[key], after[key])
            if ParamValue.equivalent(was, now) && !all { return nil }
            return ValueChange(file: file, key: key, old: was, new: now)
        }
    }

    /// Groups changes as `{file: {key: change}}` for `--json`.
    public static func document(_ changes: [ValueChange]) -> [String: [String: ValueChange]] {
        var result: [String: [String: ValueChange]] = [:]
        for change in changes { result[change.file, default: [:]][change.key] = change }
        return result
    }
}

/// Reads project files from the workspace or from a git revision, without checking anything out.
public struct ProjectFileReader {
    public let projectRoot: String
    public let source: (any SourceControl)?
    /// Where cached stage outputs (a `metrics:` file is cached and git-ignored unless
    /// `cache: false`) are read from, through the revision's `mlx.lock`.
    public let store: ObjectStore?

    public init(projectRoot: String, source: (any SourceControl)?, store: ObjectStore? = nil) {
        self.projectRoot = projectRoot
        self.source = source
        self.store = store
    }

    /// The text of the project-relative `path` at `revision` (nil: the workspace), or nil when
    /// there is no such file there. An unborn `HEAD` has no files.
    public func read(_ path: String, at revision: String?) throws -> String? {
        guard let revision else {
            let absolute = projectRoot + "/" + path
            guard Syscall.exists(absolute) else { return nil }
            return try SourceNodeReader.readProjectText(path, projectRoot: projectRoot)
        }
        guard let source else {
            throw PipelineError(file: path, message: "cannot read revision '\(revision)': the project is not in a git repository")
        }
        if revision == "HEAD", try source.headCommit() == nil { return nil }
        let commit = try source.resolve(revision: revision)
        let root = source.workTreeRoot
        let prefix = projectRoot == root ? "" : String(projectRoot.dropFirst(root.count + 1)) + "/"
        guard let bytes = try source.readFile(prefix + path, at: commit) ?? cachedOutput(path, lockPath: prefix + Pipeline.lockFileName,
                                                                                      commit: commit, revision: revision) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineError(file: "\(revision):\(path)", message: "file is not valid UTF-8")
        }
        return text
    }

    /// The bytes of `path` as the `mlx.lock` of `commit` records it as a cached stage output, read
    /// from the cache; nil when that lock records no such file. Throws, naming the revision's
    /// file, when the cache lacks the object (as `dvc metrics diff` needs `dvc fetch` first).
    private func cachedOutput(_ path: String, lockPath: String, commit: String, revision: String) throws -> [UInt8]? {
        guard store != nil, let source, let lockBytes = try source.readFile(lockPath, at: commit),
              let lockText = String(validating: lockBytes, as: UTF8.self) else { return nil }
        let lock = try PipelineLockCodec.decode(lockText, file: "\(revision):\(Pipeline.lockFileName)")
        return try cachedOutput(path, lock: lock, revision: revision)
    }

    /// The bytes of `path` as `lock` (read from `revision`) records it as a cached stage
    /// output, read from the cache; nil when the lock records no such file or there is no cache.
    func cachedOutput(_ path: String, lock: PipelineLock, revision: String) throws -> [UInt8]? {
        guard let store else { return nil }
        // The file is an output itself, or lies in a directory output (a top-level metrics
        // file such as `eval/metrics.json` inside the stage's `eval` output).
        let outputs = lock.stages.values.flatMap(\.outs)
        func missing(_ oid: ObjectID) -> PipelineError {
            PipelineError(file: "\(revision):\(path)",
                          message: "is a cached output (\(oid.string.prefix(8))) that the cache lacks",
                          hint: "run 'mlx fetch --rev \(revision)' to download it from the remote")
        }
        let oid: ObjectID
        if let output = outputs.first(where: { $0.path == path }) {
            guard !output.oid.isDirectory else { return nil }
            oid = output.oid
        } else if let folder = outputs.first(where: { $0.oid.isDirectory && path.hasPrefix($0.path + "/") }) {
            guard store.contains(folder.oid) else { throw missing(folder.oid) }
            let relpath = String(path.dropFirst(folder.path.count + 1))
            guard let entry = try Manifest.decode(try store.read(folder.oid), oid: folder.oid).entries.first(where: { $0.relpath == relpath }) else {
                return nil
            }
            oid = ObjectID(entry.oid)
        } else {
            return nil
        }
        guard store.contains(oid) else { throw missing(oid) }
        return try store.read(oid, limit: 64 << 20)
    }

    /// The parsed params or metrics file at `revision`, or nil when absent. Errors name
    /// `revision:path` for files read from git.
    public func value(_ path: String, at revision: String?, scalarAllowed: Bool = false) throws -> ParamValue? {
        guard let text = try read(path, at: revision) else { return nil }
        do {
            return try ParamsFile.parse(text, file: path, scalarAllowed: scalarAllowed)
        } catch {
            var located = error
            if let revision { located.file = "\(revision):\(path)" }
            throw located
        }
    }
}

extension ParamValue {
    /// The value as a number, for integers and floats.
    public var number: Double? {
        switch self {
        case let .integer(value): return Double(value)
        case let .float(value): return value
        default: return nil
        }
    }
}
