import MLXHash

/// The run cache (`.mlx/cache/runs/<key[0:2]>/<key>`): for a stage's inputs, the outputs a
/// run with exactly those inputs produced, so `mlx repro` can restore them instead of running.
///
/// The key is the BLAKE3 (lower-case hex) of the canonical JSON of the inputs — sorted keys,
/// no whitespace, `"`-escapes only where JSON needs them:
///
/// ```json
/// {"cmd":["python train.py"],"deps":[{"oid":"…","path":"data/prepared"}],
///  "outs":["metrics.json","model.pkl"],"params":{"params.yaml":{"train.lr":0.01}},
///  "schema":1,"wdir":""}
/// ```
///
/// (`deps` and `outs` sorted by path, params as in `mlx.lock`.) An entry holds the outputs in
/// `mlx.lock`'s layout for one stage (`cmd`, `outs`). Entries are written once: an entry whose
/// objects are all present is never replaced, so copies on remotes never conflict; one whose
/// objects are gone is replaced by the next run.
public struct RunCache: Sendable {
    /// `<cache>/runs`.
    public let root: String

    public init(cacheRoot: String) {
        root = cacheRoot + "/runs"
    }

    /// The key of `stage` run with `deps` and `params`.
    public static func key(for stage: Stage, deps: [LockedArtifact], params: [String: [String: ParamValue]]) -> String {
        key(commands: stage.commands, wdir: stage.wdir, deps: deps, params: params, outs: stage.outputs.map(\.path))
    }

    static func key(commands: [String], wdir: String, deps: [LockedArtifact], params: [String: [String: ParamValue]],
                    outs: [String]) -> String {
        Blake3.hash(Array(canonicalInputs(commands: commands, wdir: wdir, deps: deps, params: params, outs: outs).utf8)).hex
    }

    /// The canonical JSON hashed into a key.
    static func canonicalInputs(commands: [String], wdir: String, deps: [LockedArtifact],
                                params: [String: [String: ParamValue]], outs: [String]) -> String {
        let sortedDeps = deps.sorted { ParamValue.precedes($0.path, $1.path) }
        let document = ParamValue.dict([
            .init(key: "cmd", value: .list(commands.map(ParamValue.string))),
            .init(key: "deps", value: .list(sortedDeps.map {
                .dict([.init(key: "oid", value: .string($0.oid.string)), .init(key: "path", value: .string($0.path))])
            })),
            .init(key: "outs", value: .list(outs.sorted(by: ParamValue.precedes).map(ParamValue.string))),
            .init(key: "params", value: .dictionary(params.map { file, values in
                .init(key: file, value: .dictionary(values.map { .init(key: $0.key, value: $0.value) }))
            })),
            .init(key: "schema", value: .integer(1)),
            .init(key: "wdir", value: .string(wdir)),
        ])
        return document.canonicalJSON
    }

    /// The entry's path relative to the cache (and to a remote's root): `runs/ab/ab12…`.
    public static func relativeKey(for key: String) -> String {
        "runs/" + key.prefix(2) + "/" + key
    }

    /// Where the entry for `key` lives locally.
    public func path(for key: String) -> String {
        root + "/" + key.prefix(2) + "/" + key
    }

    /// The outputs recorded for `key`, or nil when there is no (readable) entry.
    public func lookup(_ key: String) -> [LockedArtifact]? {
        let path = path(for: key)
        guard Syscall.exists(path),
              let text = try? SourceNodeReader.readText(path, file: RunCache.relativeKey(for: key)),
              let stage = try? LockFileCodec.decode(text, file: RunCache.relativeKey(for: key)).stages["run"] else { return nil }
        return stage.outs
    }

    /// Records `outs` for `key` unless an entry is there whose objects `isComplete` accepts.
    public func record(_ key: String, commands: [String], outs: [LockedArtifact],
                       isComplete: ([LockedArtifact]) -> Bool) throws {
        if let existing = lookup(key), isComplete(existing) { return }
        let entry = LockFile(stages: ["run": LockedStage(commands: commands, commandIsList: true, deps: [], params: [:], outs: outs)])
        let path = path(for: key)
        try Syscall.makeDirectories(Syscall.directoryName(of: path))
        try AtomicFile.write(LockFileCodec.encode(entry), to: path, permissions: 0o444)
    }
}

/// Somewhere run-cache entries can come from besides `.mlx/cache/runs` — a remote's `runs/`.
///
/// `mlx repro --pull` asks each source, in order, when the local run cache has no entry for a
/// changed stage. A source copies the entry into `runCache.path(for: key)` (written the way
/// `RunCache.record` writes it) and the objects the entry names into `store`, objects first;
/// it returns whether it found an entry. MLXRemote implements this over `Remote`.
public protocol RunCacheSource: Sendable {
    /// Fetches the entry for `key` and its objects; false when the source has no entry.
    func fetchRun(key: String, into runCache: RunCache, store: ObjectStore) throws -> Bool
}
