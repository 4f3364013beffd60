import Foundation
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
/// `mlx.lock`'s layout for one stage (`cmd`, `outs`) and when it was recorded (`recorded`).
/// Every run rewrites the entry of its key (atomically), so the run cache restores the latest
/// result for those inputs, as DVC's does; push and fetch keep the newer of two copies.
public struct RunCache: Sendable {
    /// `<cache>/runs`.
    public let root: String
    /// Whether the cache's group writes here too (`cache.shared`).
    let sharing: CacheSharing

    public init(cacheRoot: String, sharing: CacheSharing = .owner) {
        root = cacheRoot + "/runs"
        self.sharing = sharing
    }

    /// `mkdir -p` of the folder that holds `path`, group-writable in a group-shared cache.
    func makeFolder(holding path: String) throws(FileSystemError) {
        try sharing.makeFolders(Syscall.directoryName(of: path), within: Syscall.directoryName(of: root))
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
        entry(key)?.outs
    }

    /// The entry for `key` (its commands and outputs), or nil when there is no readable one.
    public func entry(_ key: String) -> LockedStage? {
        let path = path(for: key)
        guard Syscall.exists(path), let bytes = try? Syscall.readFile(path, limit: RunCache.maximumEntrySize + 1) else { return nil }
        return try? RunCache.decodeEntry(bytes, key: key)
    }

    /// Every key with an entry in the local run cache (readable or not), sorted.
    public func keys() throws -> [String] {
        guard Syscall.isDirectory(root) else { return [] }
        var keys: [String] = []
        for folder in try Syscall.listDirectory(root) where folder.utf8.count == 2 {
            for name in try Syscall.listDirectory(root + "/" + folder) where RunCache.isKey(name) && name.hasPrefix(folder) {
                keys.append(name)
            }
        }
        return keys.sorted()
    }

    /// Writes the entry for `key` (atomically, read-only, in the canonical layout `record` writes).
    public func install(_ key: String, _ entry: LockedStage) throws {
        var stage = LockedStage(commands: entry.commands, commandIsList: true, deps: [], params: [:], outs: entry.outs)
        stage.recorded = entry.recorded
        let path = path(for: key)
        try makeFolder(holding: path)
        try AtomicFile.write(PipelineLockCodec.encode(PipelineLock(stages: ["run": stage])), to: path, permissions: 0o444)
        if sharing == .group { try? Syscall.chmod(path, 0o444) }
    }

    // MARK: - entries as bytes (local files and remote copies)

    /// Entries are a few lines per output; anything larger is not one.
    public static let maximumEntrySize = 1 << 20

    /// Whether `name` can be a key: 64 lower-case hex digits.
    public static func isKey(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The key a remote (or cache-relative) path names, when it is an entry's: `runs/ab/ab12…`.
    public static func key(forRelativePath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "runs", parts[1].count == 2, isKey(String(parts[2])),
              parts[2].hasPrefix(parts[1]) else { return nil }
        return String(parts[2])
    }

    /// Decodes an entry's bytes strictly: UTF-8, at most `maximumEntrySize`, `mlx.lock`'s
    /// layout with exactly one stage, `run`, that has outputs. Throws `RunCacheError` naming
    /// `runs/<key[0:2]>/<key>` and what is wrong.
    public static func decodeEntry(_ bytes: [UInt8], key: String) throws(RunCacheError) -> LockedStage {
        let name = relativeKey(for: key)
        guard bytes.count <= maximumEntrySize else {
            throw RunCacheError(entry: name, message: "is not a run-cache entry: it holds \(bytes.count) bytes, more than an entry ever does")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RunCacheError(entry: name, message: "is not a run-cache entry: it is not UTF-8 text")
        }
        let lock: PipelineLock
        do {
            lock = try PipelineLockCodec.decode(text, file: name)
        } catch {
            throw RunCacheError(entry: name, message: "is not a valid run-cache entry: \(error)")
        }
        guard lock.stages.count == 1, let stage = lock.stages["run"], !stage.outs.isEmpty else {
            throw RunCacheError(entry: name, message: "is not a valid run-cache entry: it must record exactly one run (`run`) with its outputs")
        }
        return stage
    }

    /// Records `outs` as the latest result for `key` at `time` (milliseconds since 1970 UTC,
    /// default now), replacing an earlier one: the time tells a remote's copy which is newer.
    public func record(_ key: String, commands: [String], outs: [LockedArtifact], at time: Int64 = RunCache.now()) throws {
        var entry = LockedStage(commands: commands, commandIsList: true, deps: [], params: [:], outs: outs)
        entry.recorded = time
        try install(key, entry)
    }

    /// The current time in milliseconds since 1970 UTC, as entries record it.
    public static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Whether `candidate` is a later result than `current`: recorded after it, or recorded
    /// at all when `current` predates recording times.
    public static func isNewer(_ candidate: LockedStage, than current: LockedStage) -> Bool {
        (candidate.recorded ?? -1) > (current.recorded ?? -1)
    }
}

/// Somewhere run-cache entries can come from besides `.mlx/cache/runs` — a remote's `runs/`.
///
/// `mlx repro --pull` asks each source, in order, when the local run cache has no entry for a
/// changed stage. A source copies the entry into `runCache.path(for: key)` (written the way
/// `RunCache.record` writes it) and the objects the entry names into `store`, objects first;
/// it returns whether it found an entry. `RemoteRunCache` implements this over a `Remote`.
///
/// A source that has an entry it cannot use (corrupt, objects missing) throws; repro warns
/// and runs the stage.
public protocol RunCacheSource: Sendable {
    /// How messages name the source: `remote 'storage'`.
    var label: String { get }

    /// Fetches the entry for `key` and its objects; false when the source has no entry.
    func fetchRun(key: String, into runCache: RunCache, store: ObjectStore) throws -> Bool
}

/// A run-cache entry that cannot be used: not one, or its objects are not all available.
public struct RunCacheError: ReportableError, Equatable {
    /// `runs/ab/ab12…`, with where it is (`on remote 'storage' (…)`) when not local.
    public var entry: String
    public var message: String
    public var hint: String?

    public init(entry: String, message: String, hint: String? = nil) {
        self.entry = entry
        self.message = message
        self.hint = hint
    }

    public var description: String { "run-cache entry \(entry): \(message)" }
}
