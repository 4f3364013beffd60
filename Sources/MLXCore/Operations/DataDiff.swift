/// What changed in the recorded data between two states (`mlx diff`): outputs added, deleted,
/// renamed and modified, and — for a directory whose manifests are known — the files inside it
/// that were added, deleted, renamed or modified.
///
/// Encoded for `--json` as `{"added":[…],"deleted":[…],"modified":[…],"renamed":[…]}`; each
/// change has `path`, `type` (`file` or `dir`), `old` and `new` (`{"oid","size","nfiles"}`,
/// null on the side where the output does not exist) and `files` (the file-level diff of a
/// directory, null when not known). A rename's `path` is `{"old","new"}`, as DVC writes it.
public struct DataDiff: Sendable, Hashable, Encodable {
    /// What one side recorded.
    public struct Side: Sendable, Hashable, Encodable {
        /// The oid (`.dir` for a directory).
        public let oid: String
        /// Size in bytes.
        public let size: Int64
        /// Number of files, for a directory.
        public let nfiles: Int?

        /// Creates a side.
        public init(oid: String, size: Int64, nfiles: Int? = nil) {
            self.oid = oid
            self.size = size
            self.nfiles = nfiles
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(oid, forKey: .oid)
            try container.encode(size, forKey: .size)
            try container.encode(nfiles, forKey: .nfiles)
        }

        enum CodingKeys: String, CodingKey { case oid, size, nfiles }
    }

    /// One output (or one file inside a directory) that differs.
    public struct Change: Sendable, Hashable, Encodable {
        /// Project-relative path.
        public let path: String
        /// What the old state recorded, `nil` when the path was added.
        public let old: Side?
        /// What the new state records, `nil` when the path was deleted.
        public let new: Side?
        /// For a directory modified on both sides: the changes of its files, or `nil` when a
        /// manifest is missing from the cache (see `missingManifests`).
        public let files: DataDiff?
        /// Manifest oids this change needed but the cache lacks.
        public let missingManifests: [String]
        /// For a rename, the path the same content had in the old state (`path` is the new one).
        public let renamedFrom: String?

        /// Creates a change.
        public init(path: String, old: Side?, new: Side?, files: DataDiff? = nil, missingManifests: [String] = [],
                    renamedFrom: String? = nil) {
            self.path = path
            self.old = old
            self.new = new
            self.files = files
            self.missingManifests = missingManifests
            self.renamedFrom = renamedFrom
        }

        /// Whether the path is a directory (on the newer side that has it).
        public var isDirectory: Bool { (new ?? old)?.oid.hasSuffix(ObjectID.directorySuffix) ?? false }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let renamedFrom {
                try container.encode(["old": renamedFrom, "new": path], forKey: .path)
            } else {
                try container.encode(path, forKey: .path)
            }
            try container.encode(isDirectory ? "dir" : "file", forKey: .type)
            try container.encode(old, forKey: .old)
            try container.encode(new, forKey: .new)
            try container.encode(files, forKey: .files)
        }

        enum CodingKeys: String, CodingKey { case path, type, old, new, files }
    }

    /// Paths the new state has and the old does not, sorted.
    public let added: [Change]
    /// Paths the old state had and the new does not, sorted.
    public let deleted: [Change]
    /// Paths both have with different oids, sorted.
    public let modified: [Change]
    /// Content that moved: deleted at `renamedFrom`, added at `path` with the same oid; sorted
    /// by new path.
    public let renamed: [Change]

    /// Creates a diff; each list is sorted by path in byte order.
    public init(added: [Change], deleted: [Change], modified: [Change], renamed: [Change] = []) {
        func sorted(_ changes: [Change]) -> [Change] {
            changes.sorted { ByteOrder.precedes($0.path, $1.path) }
        }
        self.added = sorted(added)
        self.deleted = sorted(deleted)
        self.modified = sorted(modified)
        self.renamed = sorted(renamed)
    }

    /// Whether nothing differs.
    public var isEmpty: Bool { added.isEmpty && deleted.isEmpty && modified.isEmpty && renamed.isEmpty }

    enum CodingKeys: String, CodingKey { case added, deleted, modified, renamed }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(added, forKey: .added)
        try container.encode(deleted, forKey: .deleted)
        try container.encode(modified, forKey: .modified)
        try container.encode(renamed, forKey: .renamed)
    }
}
