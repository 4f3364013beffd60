/// What `mlx fsck -r REMOTE` found on a remote. Nothing on the remote was changed.
///
/// Encoded for `--json` with the keys `remote`, `checked_objects`, `checked_bytes`, `corrupt`,
/// `unreadable`, `invalid_manifests`, `incomplete_directories` (lists of
/// `{"oid","message","quarantined_to"}`, the last always null), `vanished` and `clean`.
public struct RemoteFsckReport: Sendable, Encodable {
    /// The remote's display name.
    public var remote: String
    public var checkedObjects = 0
    public var checkedBytes: Int64 = 0
    /// Objects whose content does not hash to their name.
    public var corrupt: [FsckReport.Finding] = []
    /// Objects that could not be downloaded.
    public var unreadable: [FsckReport.Finding] = []
    /// Manifests whose content matches their name but does not decode.
    public var invalidManifests: [FsckReport.Finding] = []
    /// Manifests whose files are not all on the remote, though a manifest's presence claims so.
    public var incompleteDirectories: [FsckReport.Finding] = []
    /// Objects listed and gone before they could be read (a concurrent `gc --cloud`).
    public var vanished = 0

    public init(remote: String) {
        self.remote = remote
    }

    public var isClean: Bool {
        corrupt.isEmpty && unreadable.isEmpty && invalidManifests.isEmpty && incompleteDirectories.isEmpty
    }

    /// The error a command should end with when something was wrong; `name` is the remote's
    /// name in the configuration, for the hint.
    public func failure(remoteName name: String) -> RemoteFsckError? {
        isClean ? nil : RemoteFsckError(remote: remote, remoteName: name, corrupt: corrupt.count, unreadable: unreadable.count,
                                        invalidManifests: invalidManifests.count, incompleteDirectories: incompleteDirectories.count)
    }

    enum CodingKeys: String, CodingKey {
        case remote, corrupt, unreadable, vanished, clean
        case checkedObjects = "checked_objects"
        case checkedBytes = "checked_bytes"
        case invalidManifests = "invalid_manifests"
        case incompleteDirectories = "incomplete_directories"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(remote, forKey: .remote)
        try container.encode(checkedObjects, forKey: .checkedObjects)
        try container.encode(checkedBytes, forKey: .checkedBytes)
        try container.encode(corrupt, forKey: .corrupt)
        try container.encode(unreadable, forKey: .unreadable)
        try container.encode(invalidManifests, forKey: .invalidManifests)
        try container.encode(incompleteDirectories, forKey: .incompleteDirectories)
        try container.encode(vanished, forKey: .vanished)
        try container.encode(isClean, forKey: .clean)
    }
}

/// `mlx fsck -r` found objects on a remote it could not vouch for.
public struct RemoteFsckError: ReportableError, Equatable {
    public var remote: String
    public var remoteName: String
    public var corrupt: Int
    public var unreadable: Int
    public var invalidManifests: Int
    public var incompleteDirectories: Int

    public var message: String {
        var parts: [String] = []
        if corrupt > 0 { parts.append("\(FsckError.count(corrupt, "corrupt object"))") }
        if unreadable > 0 { parts.append("\(FsckError.count(unreadable, "object")) could not be read") }
        if invalidManifests > 0 { parts.append("\(FsckError.count(invalidManifests, "manifest")) could not be decoded") }
        if incompleteDirectories > 0 { parts.append("\(FsckError.count(incompleteDirectories, "directory")) missing files") }
        return "remote \(remote) has problems: " + parts.joined(separator: ", ") + "; nothing on the remote was changed"
    }

    public var hint: String? {
        "from a machine whose cache has good copies, 'mlx push -r \(remoteName) --verify' replaces damaged objects and uploads missing ones"
    }
}
