import Foundation
import MLXCore
import MLXHash

/// A project in a temp folder (no git), with helpers to add data and look at the cache.
public final class OperationFixture {
    public let directory: TemporaryDirectory
    public let workspace: Workspace

    public init() throws {
        directory = TemporaryDirectory("mlx-ops")
        try FileManager.default.createDirectory(atPath: directory.appending(".mlx"), withIntermediateDirectories: true)
        workspace = try Workspace(project: Project(root: directory.path), linkTypes: [.copy], jobs: 2)
    }

    /// A project sharing nothing with this one but what a git clone would carry: the pointers.
    public func cloneOfPointers() throws -> OperationFixture {
        let other = try OperationFixture()
        for pointer in try workspace.allPointerPaths() {
            try other.directory.write(pointer, directory.bytes(pointer) ?? [])
        }
        return other
    }

    /// Writes `files` (relative path → content) and `mlx add`s `target`.
    @discardableResult
    public func add(_ target: String, _ files: [String: [UInt8]]) throws -> AddOperation.Result {
        for (path, content) in files { try directory.write(path, content) }
        return try AddOperation(workspace: workspace).add([directory.appending(target)])[0]
    }

    /// Tracks a directory of `count` small files the fast way: objects written straight into
    /// the cache without the per-file fsyncs of `mlx add` (which would dominate a test of
    /// thousands of files), plus its manifest and pointer. No workspace copy is made.
    public func addDirectoryDirectly(_ target: String, count: Int) throws -> ObjectID {
        let store = workspace.store
        var entries: [Manifest.Entry] = []
        for fanout in 0..<256 {
            mkdir(store.objectsRoot + "/" + String(format: "%02x", fanout), 0o755)
        }
        for index in 0..<count {
            let bytes = Array("file \(index)\n".utf8)
            let oid = ObjectID(store.hasher.hash(bytes))
            let fd = open(store.path(for: oid), O_WRONLY | O_CREAT | O_TRUNC, 0o444)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            entries.append(Manifest.Entry(oid: oid.digest, relpath: "\(index / 100)/f\(index)", size: Int64(bytes.count)))
        }
        let manifest = try Manifest(entries: entries)
        let oid = manifest.objectID(using: store.hasher)
        try store.insert(bytes: manifest.encoded(), oid: oid)
        let name = (target as NSString).lastPathComponent
        let pointer = Pointer(outs: [PointerOutput(path: name, oid: oid.string, size: manifest.totalSize, nfiles: count)])
        try directory.write(target + ".mlx", PointerCodec.encode(pointer))
        return oid
    }

    /// A queue 4 wide that retries at once (tests need no backoff).
    public var queue: TransferQueue { TransferQueue(jobs: 4, retry: RetryPolicy(attempts: 5, base: 0, cap: 0)) }

    /// `mlx push` of `targets` (project-relative; none: everything) with `queue`.
    public func push(to remote: any Remote, targets: [String] = []) throws -> PushOperation.Report {
        try PushOperation(workspace: workspace, remote: remote, queue: queue, sourceControl: nil)
            .push(targets: targets.map(directory.appending), scope: RevisionScope(workspace: true))
    }

    /// `mlx fetch` of everything with `queue`.
    public func fetch(from remote: any Remote) throws -> FetchOperation.Report {
        try FetchOperation(workspace: workspace, remote: remote, queue: queue, sourceControl: nil)
            .fetch(targets: [], scope: RevisionScope(workspace: true))
    }

    /// `mlx pull` of everything with `queue`.
    public func pull(from remote: any Remote) throws -> PullOperation.Report {
        try PullOperation(workspace: workspace, remote: remote, queue: queue, sourceControl: nil)
            .pull(targets: [], scope: RevisionScope(workspace: true), force: false)
    }

    /// Every object in the cache, and whether each still hashes to its name.
    public var cachedObjects: [ObjectID] { (try? workspace.store.enumerate()) ?? [] }

    /// Files in the cache's fan-out folders that are not objects (leftover temporaries).
    public var strayCacheFiles: [String] {
        let root = workspace.store.objectsRoot
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? [])
                .filter { ObjectID(folder + $0) == nil }
        }
    }
}

/// Deterministic content of `count` bytes.
public func content(_ count: Int, seed: Int) -> [UInt8] {
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}
