/// One line of `mlx ls`: a tracked output and, when asked for, the files of a directory.
///
/// Encoded for `--json` with the keys `path`, `pointer`, `type` (`file` or `dir`), `oid`,
/// `size`, `nfiles` (null for a file) and, in a recursive listing of a directory, `files`
/// (null when the manifest is not in the cache) and `manifest_in_cache`.
public struct DataListingEntry: Sendable, Hashable, Encodable {
    /// One file of a tracked directory, from its manifest.
    public struct File: Sendable, Hashable, Encodable {
        /// Project-relative path (`data/images/a.jpg`).
        public let path: String
        /// 64 lower-case hex digits.
        public let oid: String
        /// Size in bytes.
        public let size: Int64
        /// Whether the manifest marks it executable.
        public let isexec: Bool
    }

    /// The tracked file or directory, project-relative.
    public let path: String
    /// The pointer file that records it, project-relative; `mlx.lock` for a stage output.
    public let pointer: String
    /// Whether it is a directory.
    public let isDirectory: Bool
    /// The recorded oid (`.dir` for a directory).
    public let oid: String
    /// The recorded size in bytes (for a directory, the sum of its files).
    public let size: Int64
    /// The recorded number of files of a directory.
    public let nfiles: Int?
    /// Whether the files of a directory were asked for (`-R`); only then are the next two set.
    public let expanded: Bool
    /// The directory's files, or `nil` when its manifest is not in the cache.
    public let files: [File]?

    /// Whether a directory's manifest was found; `nil` when not expanded.
    public var manifestInCache: Bool? { expanded && isDirectory ? files != nil : nil }

    /// The `oid` shortened to its first 8 hex digits, as people compare them.
    public var shortOID: String { String(oid.prefix(8)) }

    enum CodingKeys: String, CodingKey {
        case path, pointer, type, oid, size, nfiles, files
        case manifestInCache = "manifest_in_cache"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(pointer, forKey: .pointer)
        try container.encode(isDirectory ? "dir" : "file", forKey: .type)
        try container.encode(oid, forKey: .oid)
        try container.encode(size, forKey: .size)
        try container.encode(nfiles, forKey: .nfiles)
        if expanded && isDirectory {
            try container.encode(files, forKey: .files)
            try container.encode(files != nil, forKey: .manifestInCache)
        }
    }
}
