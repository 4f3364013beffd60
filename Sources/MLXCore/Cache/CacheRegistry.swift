import MLXHash

/// The projects that use a cache outside their own `.mlx` (`cache.dir`): each writer records
/// its project in `<cache>/projects/<hash of its root>` (the file holds the root), so that `gc`
/// there can refuse to run without being told about every one of them — the objects only
/// another project uses would otherwise look unused. DVC keeps no such record and leaves it
/// to the user to remember `gc --projects`.
public struct CacheRegistry: Sendable {
    /// `<cache>/projects`.
    public let folder: String
    private let store: ObjectStore

    public init(store: ObjectStore) {
        self.store = store
        folder = store.root + "/projects"
    }

    /// Records `project` (once: an existing record is left alone).
    public func register(_ project: Project) throws {
        let file = folder + "/" + Self.name(for: project.root)
        if Syscall.exists(file) { return }
        try store.makeFolders(folder)
        try AtomicFile.create(Array((project.root + "\n").utf8), at: file, permissions: 0o444)
    }

    /// The project roots recorded, sorted.
    public func projects() throws -> [String] {
        guard Syscall.isDirectory(folder) else { return [] }
        var roots: [String] = []
        for name in try Syscall.listDirectory(folder) where !TemporaryFiles.isTemporary(name) {
            guard let bytes = try? Syscall.readFile(folder + "/" + name, limit: 1 << 16) else { continue }
            let root = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: "\n")
            if !root.isEmpty { roots.append(root) }
        }
        return roots.sorted()
    }

    /// Forgets the project at `root` (it no longer exists, or uses another cache).
    public func forget(_ root: String) throws {
        let file = folder + "/" + Self.name(for: root)
        if try Syscall.unlink(file) { try Syscall.fsyncDirectory(folder) }
    }

    /// 32 hex digits of the BLAKE3 of the root: a fixed-length name for any path.
    static func name(for root: String) -> String {
        String(Blake3.hash(Array(root.utf8)).hex.prefix(32))
    }
}
