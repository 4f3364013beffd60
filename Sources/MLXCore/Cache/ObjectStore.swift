import Foundation
import MLXHash

/// The content cache (`.mlx/cache`, SPEC §4): immutable objects named by their BLAKE3.
///
/// Layout: `files/blake3/<oid[0:2]>/<oid[2:]>` (a manifest keeps its `.dir` suffix), the same on
/// every remote. Objects are written to a temporary name in `staging/`, checked, synced, made
/// read-only and renamed into place, so a crash leaves either no object or a whole one. Objects are never modified; an object that fails verification is moved to
/// `quarantine/` rather than deleted, so the evidence survives.
public struct ObjectStore: Sendable {
    /// The cache folder, normally `<project>/.mlx/cache`.
    public let root: String
    /// Computes BLAKE3 for verification.
    public let hasher: ContentHasher
    /// Whether other users of the folder's group write here too (`cache.shared`).
    public let sharing: CacheSharing
    /// Whether reflinks work here, learnt from the first attempt.
    let reflinkSupport = ReflinkSupport()

    /// Name of the cache-directory tag file, so backup tools skip the cache.
    public static let cacheDirectoryTagName = "CACHEDIR.TAG"
    /// The standard tag content (https://bford.info/cachedir/).
    public static let cacheDirectoryTag = """
        Signature: 8a477f597d28d172789f06886806bc55
        # This file is a cache directory tag created by mlx.
        # For information about cache directory tags, see https://bford.info/cachedir/

        """

    /// Opens the cache at `root`, creating it (and its `CACHEDIR.TAG`) when missing.
    ///
    /// Objects are renamed from `staging/` (and to `quarantine/`), which works only within one
    /// file system. When `files/` is a symbolic link to another one (a shared cache), both
    /// folders go beside the fan-out folders instead, where no two-character name can clash.
    public init(root: String, hasher: ContentHasher, sharing: CacheSharing = .owner) throws(FileSystemError) {
        self.root = root
        self.hasher = hasher
        self.sharing = sharing
        let objectsRoot = root + ObjectStore.objectsFolder
        try sharing.makeFolders(objectsRoot, within: root)
        let apart = try FileStat.following(objectsRoot).device != FileStat.following(root).device
        let workRoot = apart ? objectsRoot : root
        stagingRoot = workRoot + "/staging"
        quarantineRoot = workRoot + "/quarantine"
        try sharing.makeFolders(stagingRoot, within: root)
        let tag = root + "/" + ObjectStore.cacheDirectoryTagName
        if !Syscall.exists(tag) {
            // Its temporary goes through staging/, which every writer sweeps: one written beside
            // the tag by a process killed at that instant was never removed.
            let bytes = Array(ObjectStore.cacheDirectoryTag.utf8)
            try bytes.withUnsafeBytes { raw in
                Result { () throws(FileSystemError) in
                    _ = try AtomicFile.write(raw, to: tag, permissions: 0o644, replacing: true, stagingDirectory: apart ? nil : stagingRoot)
                }
            }.get()
        }
    }

    /// Folder that holds the fan-out folders of objects.
    public var objectsRoot: String { root + ObjectStore.objectsFolder }
    private static let objectsFolder = "/files/blake3"

    /// Folder where objects are written before they are renamed into place, on the objects'
    /// file system: `staging/` (see `init`). What is found there was left by a killed writer
    /// unless its process still runs: see `sweepStaging`.
    public let stagingRoot: String

    /// Removes what killed writers left in the staging folder; returns how many files. Only
    /// stale temporaries go (`TemporaryFiles.isStale`): a cache shared by several projects
    /// has writers that hold other projects' locks.
    @discardableResult
    public func sweepStaging() -> Int {
        TemporaryFiles.sweep(stagingRoot).count
    }

    /// Folder where corrupt objects are moved, on the objects' file system: `quarantine/`.
    public let quarantineRoot: String

    /// Where `oid` lives (whether or not it is present).
    public func path(for oid: ObjectID) -> String {
        let name = oid.string
        return objectsRoot + "/" + name.prefix(2) + "/" + name.dropFirst(2)
    }

    /// Whether the object is present (not whether it is intact: see `verify`).
    public func contains(_ oid: ObjectID) -> Bool {
        Syscall.exists(path(for: oid))
    }

    /// Copies the file at `source` into the cache as `oid`, unless it is already there: a batch
    /// of one (see `insertBatch`), so the copied bytes are checked against `oid`.
    /// - Returns: `true` when the object was added, `false` when it was already present.
    /// - Throws: `FileSystemError`, or `SourceChangedError` when the bytes do not hash to `oid`.
    @discardableResult
    public func insert(fileAt source: String, oid: Digest) throws -> Bool {
        try insertBatch([PendingFile(path: source, oid: oid)], width: 1) == 1
    }

    /// Stores `bytes` (a manifest, a run-cache entry) as `oid` after checking their BLAKE3.
    /// - Returns: `true` when the object was added, `false` when it was already present.
    @discardableResult
    public func insert(bytes: [UInt8], oid: ObjectID) throws -> Bool {
        let target = path(for: oid)
        if Syscall.exists(target) { return false }
        let actual = hasher.hash(bytes)
        if actual != oid.digest {
            throw CacheError(subject: oid.string, oid: oid, message: "content does not match its oid (got \(actual.hex))")
        }
        try makeFolders(Syscall.directoryName(of: target))
        _ = try bytes.withUnsafeBytes { raw in
            Result { () throws(FileSystemError) in
                try AtomicFile.write(raw, to: target, permissions: 0o444, replacing: true, stagingDirectory: stagingRoot)
            }
        }.get()
        // A racing writer of the same object may own the file by now; its mode is its own.
        if sharing == .group { try? Syscall.chmod(target, 0o444) }
        return true
    }

    /// Reads a small object (a manifest) whole; refuses objects larger than `limit`.
    public func read(_ oid: ObjectID, limit: Int = 1 << 30) throws -> [UInt8] {
        let target = path(for: oid)
        guard Syscall.exists(target) else { throw notInCache(oid) }
        return try Syscall.readFile(target, limit: limit)
    }

    /// Whether the object is present and its BLAKE3 still matches its name.
    public func verify(_ oid: ObjectID) -> Bool {
        guard let actual = try? hasher.hash(fileAt: path(for: oid)) else { return false }
        return actual == oid.digest
    }

    /// Moves a corrupt object out of the way, to `quarantine/<oid>`, and returns its new path.
    @discardableResult
    public func quarantine(_ oid: ObjectID) throws -> String {
        let source = path(for: oid)
        guard Syscall.exists(source) else { throw notInCache(oid) }
        try makeFolders(quarantineRoot)
        let target = quarantineRoot + "/" + oid.string
        try Syscall.rename(source, target)
        try Syscall.fsyncDirectory(quarantineRoot)
        try Syscall.fsyncDirectory(Syscall.directoryName(of: source))
        return target
    }

    /// Deletes an object. Workspace hard links keep their bytes; symlinks to it will dangle.
    /// - Returns: whether an object was there.
    @discardableResult
    public func remove(_ oid: ObjectID) throws -> Bool {
        let target = path(for: oid)
        guard try Syscall.unlink(target) else { return false }
        try Syscall.fsyncDirectory(Syscall.directoryName(of: target))
        return true
    }

    /// All objects present, sorted; temporary files and foreign names are skipped.
    public func enumerate() throws -> [ObjectID] {
        var result: [ObjectID] = []
        for folder in try Syscall.listDirectory(objectsRoot) where folder.utf8.count == 2 {
            for name in try Syscall.listDirectory(objectsRoot + "/" + folder) {
                if let id = ObjectID(folder + name) { result.append(id) }
            }
        }
        return result.sorted()
    }

    /// `mkdir -p` of a folder inside the cache, group-writable in a group-shared cache.
    func makeFolders(_ path: String) throws(FileSystemError) {
        try sharing.makeFolders(path, within: root)
    }

    func notInCache(_ oid: ObjectID) -> CacheError {
        CacheError(subject: oid.string, oid: oid, message: "object is not in the cache",
                   hint: "run `mlx fetch` to download it from the remote")
    }
}
