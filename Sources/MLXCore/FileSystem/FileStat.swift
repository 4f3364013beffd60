/// What `lstat(2)` says about a path: the facts change detection and linking rely on.
public struct FileStat: Hashable, Sendable {
    /// Size in bytes.
    public var size: Int64
    /// Last content change, nanoseconds since the epoch.
    public var mtimeNs: Int64
    /// Last inode change (content, mode, links, rename), nanoseconds since the epoch.
    public var ctimeNs: Int64
    /// Inode number.
    public var inode: UInt64
    /// Device the inode lives on.
    public var device: UInt64
    /// Full `st_mode`: file type and permission bits.
    public var mode: UInt32
    /// Number of hard links.
    public var linkCount: UInt64

    /// Creates a stat from its parts (tests and index entries).
    public init(size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: UInt64, device: UInt64 = 0,
                mode: UInt32 = 0o100644, linkCount: UInt64 = 1) {
        self.size = size
        self.mtimeNs = mtimeNs
        self.ctimeNs = ctimeNs
        self.inode = inode
        self.device = device
        self.mode = mode
        self.linkCount = linkCount
    }

    /// `lstat(2)` of `path`: a symlink is described itself, not its target.
    public init(path: String) throws(FileSystemError) {
        self = try Syscall.lstat(path)
    }

    /// `stat(2)` of `path`, following symlinks.
    public static func following(_ path: String) throws(FileSystemError) -> FileStat {
        try Syscall.stat(path)
    }

    // The file-type bits of `st_mode` (`S_IFMT` and its values), fixed by the Linux ABI.
    private static let typeMask: UInt32 = 0o170000
    private static let regularType: UInt32 = 0o100000
    private static let directoryType: UInt32 = 0o040000
    private static let symlinkType: UInt32 = 0o120000

    /// A regular file.
    public var isRegular: Bool { mode & FileStat.typeMask == FileStat.regularType }
    /// A directory.
    public var isDirectory: Bool { mode & FileStat.typeMask == FileStat.directoryType }
    /// A symbolic link.
    public var isSymlink: Bool { mode & FileStat.typeMask == FileStat.symlinkType }
    /// Whether the owner may execute it — what `isexec` records.
    public var isExecutable: Bool { mode & 0o100 != 0 }
    /// The permission bits.
    public var permissions: UInt32 { mode & 0o7777 }
}
