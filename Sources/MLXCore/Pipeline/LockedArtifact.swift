import Foundation

/// A dependency or output as recorded: its content's oid and size.
public struct LockedArtifact: Sendable, Hashable {
    /// Project-relative path.
    public var path: String
    public var oid: ObjectID
    public var size: Int64
    /// Number of files, for a directory.
    public var nfiles: Int?
    /// Whether a single file is executable, when it is.
    public var isexec: Bool?

    public init(path: String, oid: ObjectID, size: Int64, nfiles: Int? = nil, isexec: Bool? = nil) {
        self.path = path
        self.oid = oid
        self.size = size
        self.nfiles = nfiles
        self.isexec = isexec
    }

    /// What `scanned` holds now, recorded under its path.
    init(_ current: DataSummary) {
        self.init(path: current.relativePath, oid: current.oid, size: current.size,
                  nfiles: current.isDirectory ? current.fileCount : nil,
                  isexec: current.isExecutable ? true : nil)
    }
}
