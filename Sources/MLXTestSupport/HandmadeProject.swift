import Foundation
import MLXCore

/// An mlx project built by hand for tests of commands that read tracked data (`ls`, `diff`,
/// `fsck`, `unprotect`), without going through `mlx init` or `mlx add`: a `.mlx` folder, cache
/// objects written through `ObjectStore`, and canonical pointer files from `PointerCodec`.
public struct HandmadeProject: Sendable {
    /// The project root (absolute).
    public let root: String
    /// The project's cache.
    public let store: ObjectStore

    /// Makes `root` a project: creates `.mlx/` and the cache.
    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root + "/.mlx", withIntermediateDirectories: true)
        store = try ObjectStore(root: root + "/.mlx/cache", hasher: .blake3())
    }

    /// The oid (64 hex) of `content`.
    public static func oid(of content: String) -> String {
        ContentHasher.blake3().hash(Array(content.utf8)).hex
    }

    /// Tracks a file: caches `content` (unless `cache` is false), writes the pointer
    /// `path.mlx` and, unless `workspace` is false, the file itself. Returns the oid.
    @discardableResult
    public func trackFile(_ path: String, _ content: String, cache: Bool = true, workspace: Bool = true) throws -> String {
        let bytes = Array(content.utf8)
        let id = ObjectID(store.hasher.hash(bytes))
        if cache { try store.insert(bytes: bytes, oid: id) }
        if workspace { try write(path, bytes) }
        try writePointer(for: path, output: PointerOutput(path: Self.baseName(path), oid: id.string, size: Int64(bytes.count)))
        return id.string
    }

    /// Tracks a directory of `files` (relpath → content): caches each file and, unless
    /// `cacheManifest` is false, the manifest; writes the pointer and, unless `workspace` is
    /// false, the files. Returns the manifest's oid (`….dir`).
    @discardableResult
    public func trackDirectory(_ path: String, files: [String: String], cacheManifest: Bool = true,
                               workspace: Bool = true) throws -> String {
        var entries: [Manifest.Entry] = []
        for (relpath, content) in files {
            let bytes = Array(content.utf8)
            let digest = store.hasher.hash(bytes)
            try store.insert(bytes: bytes, oid: ObjectID(digest))
            entries.append(Manifest.Entry(oid: digest, relpath: relpath, size: Int64(bytes.count)))
            if workspace { try write(path + "/" + relpath, bytes) }
        }
        let manifest = try Manifest(entries: entries)
        let id = manifest.objectID(using: store.hasher)
        if cacheManifest { try store.insert(bytes: manifest.encoded(), oid: id) }
        try writePointer(for: path, output: PointerOutput(path: Self.baseName(path), oid: id.string,
                                                          size: manifest.totalSize, nfiles: manifest.count))
        return id.string
    }

    /// Replaces the workspace file at `path` by a link to the cached object `oid`
    /// (`hardlink` or `symlink`), as `cache.type` would make it.
    public func link(_ path: String, oid: String, type: String) throws {
        guard let id = ObjectID(oid), let linkType = CacheLinkType(rawValue: type) else {
            throw ShellError(message: "bad oid \(oid) or link type \(type)")
        }
        try store.link(oid: id, to: root + "/" + path, types: [linkType])
    }

    /// Where the object `oid` lives in the cache.
    public func objectPath(_ oid: String) -> String {
        ObjectID(oid).map(store.path(for:)) ?? ""
    }

    /// Writes raw text to a project-relative path (a hand-broken pointer, for instance).
    public func write(_ path: String, _ text: String) throws {
        try write(path, Array(text.utf8))
    }

    private func write(_ path: String, _ bytes: [UInt8]) throws {
        let target = root + "/" + path
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
        try Data(bytes).write(to: URL(fileURLWithPath: target))
    }

    private func writePointer(for path: String, output: PointerOutput) throws {
        try write(path + ".mlx", PointerCodec.encode(Pointer(outs: [output])))
    }

    private static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
