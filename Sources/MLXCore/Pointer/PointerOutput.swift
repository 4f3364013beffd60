/// One tracked file or directory of a pointer file.
public struct PointerOutput: Hashable, Sendable {
    /// Path relative to the pointer file's folder (a valid `ProjectPath`).
    public var path: String
    /// Hash algorithm name; always `blake3` today.
    public var hash: String
    /// Object id: 64 lower-case hex digits, plus `.dir` for a directory.
    public var oid: String
    /// Size in bytes (for a directory, the sum of its files).
    public var size: Int64
    /// Number of files, for a directory.
    public var nfiles: Int?
    /// Whether the file is executable, when recorded.
    public var isexec: Bool?
    /// Free-text description (annotation kept verbatim).
    public var desc: String?
    /// Kind of artifact, such as `model` or `dataset` (annotation kept verbatim).
    public var type: String?
    /// Labels (annotation kept verbatim).
    public var labels: [String]?
    /// Arbitrary facts, such as a model card's (annotation kept verbatim).
    public var meta: YAMLValue?
    /// Keys mlx does not know, kept in source order and written after the known ones.
    public var unknownKeys: [YAMLValue.Entry]

    /// The hash algorithm mlx writes.
    public static let defaultHash = "blake3"

    /// Creates an output; annotations default to absent.
    public init(path: String, hash: String = PointerOutput.defaultHash, oid: String, size: Int64,
                nfiles: Int? = nil, isexec: Bool? = nil, desc: String? = nil, type: String? = nil,
                labels: [String]? = nil, meta: YAMLValue? = nil, unknownKeys: [YAMLValue.Entry] = []) {
        self.path = path
        self.hash = hash
        self.oid = oid
        self.size = size
        self.nfiles = nfiles
        self.isexec = isexec
        self.desc = desc
        self.type = type
        self.labels = labels
        self.meta = meta
        self.unknownKeys = unknownKeys
    }

    /// The parsed `oid`, or `nil` when it is not a valid object id (never for a decoded pointer).
    public var objectID: ObjectID? { ObjectID(oid) }

    /// Whether this output is a directory (its oid ends in `.dir`).
    public var isDirectory: Bool { oid.hasSuffix(ObjectID.directorySuffix) }
}
