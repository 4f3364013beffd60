/// What `mlx fsck` found in the cache and what it did about it.
///
/// Encoded for `--json` with the keys `checked_objects`, `checked_bytes`, `corrupt`,
/// `unreadable`, `invalid_manifests` (lists of `{"oid","message","quarantined_to"}`),
/// `removed_temporary_files` (cache-relative paths) and `clean`.
public struct FsckReport: Sendable, Hashable, Encodable {
    /// One object with a problem.
    public struct Finding: Sendable, Hashable, Encodable {
        /// The object's id (`.dir` for a manifest).
        public let oid: String
        /// What is wrong, lower-case.
        public let message: String
        /// Where the object was moved, for a corrupt one; `nil` when it stayed in place.
        public let quarantinedTo: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(oid, forKey: .oid)
            try container.encode(message, forKey: .message)
            try container.encode(quarantinedTo, forKey: .quarantinedTo)
        }

        enum CodingKeys: String, CodingKey {
            case oid, message
            case quarantinedTo = "quarantined_to"
        }
    }

    /// Objects re-hashed.
    public var checkedObjects = 0
    /// Bytes of the objects re-hashed.
    public var checkedBytes: Int64 = 0
    /// Objects whose content no longer hashes to their name; moved to the quarantine.
    public var corrupt: [Finding] = []
    /// Objects that could not be read, so could not be checked; left in place.
    public var unreadable: [Finding] = []
    /// Manifests whose content matches their name but is not a valid manifest; left in place,
    /// since fetching the same oid again would bring the same bytes.
    public var invalidManifests: [Finding] = []
    /// Temporary files left by interrupted writes and deleted, relative to the cache folder.
    public var removedTemporaryFiles: [String] = []

    /// An empty report.
    public init() {}

    /// Whether every object checked out.
    public var isClean: Bool { corrupt.isEmpty && unreadable.isEmpty && invalidManifests.isEmpty }

    /// The error a command should end with when something was wrong, or `nil`.
    public var failure: FsckError? {
        isClean ? nil : FsckError(corrupt: corrupt.count, unreadable: unreadable.count, invalidManifests: invalidManifests.count)
    }

    enum CodingKeys: String, CodingKey {
        case checkedObjects = "checked_objects"
        case checkedBytes = "checked_bytes"
        case corrupt, unreadable, clean
        case invalidManifests = "invalid_manifests"
        case removedTemporaryFiles = "removed_temporary_files"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checkedObjects, forKey: .checkedObjects)
        try container.encode(checkedBytes, forKey: .checkedBytes)
        try container.encode(corrupt, forKey: .corrupt)
        try container.encode(unreadable, forKey: .unreadable)
        try container.encode(invalidManifests, forKey: .invalidManifests)
        try container.encode(removedTemporaryFiles, forKey: .removedTemporaryFiles)
        try container.encode(isClean, forKey: .clean)
    }
}
