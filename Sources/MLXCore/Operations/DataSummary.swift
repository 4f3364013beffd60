/// What a tracked path holds now, in brief: enough to compare it with a pointer or a lock entry
/// (`Workspace.summary(of:)`), without the per-file detail of `ScannedData`.
public struct DataSummary: Sendable, Equatable {
    /// Project-relative path.
    public let relativePath: String
    public let isDirectory: Bool
    /// The file's oid, or the directory manifest's (`.dir`).
    public let oid: ObjectID
    /// Bytes in all files.
    public let size: Int64
    /// Number of files (1 for a file).
    public let fileCount: Int
    /// For a file: whether it is executable (a pointer's `isexec`); false for a directory.
    public let isExecutable: Bool
}

extension ScannedData {
    /// The brief form of what was scanned.
    public var summary: DataSummary {
        DataSummary(relativePath: relativePath, isDirectory: isDirectory, oid: oid, size: size, fileCount: files.count,
                    isExecutable: !isDirectory && files[0].stat.isExecutable)
    }
}
