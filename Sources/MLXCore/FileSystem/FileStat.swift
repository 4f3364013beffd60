#if canImport(Glibc)
import Glibc
#endif

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
                mode: UInt32 = UInt32(S_IFREG) | 0o644, linkCount: UInt64 = 1) {
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
        var info = stat()
        if lstat(path, &info) != 0 { throw Syscall.fail("lstat", path) }
        self.init(info)
    }

    /// `stat(2)` of `path`, following symlinks.
    public static func following(_ path: String) throws(FileSystemError) -> FileStat {
        var info = stat()
        if stat(path, &info) != 0 { throw Syscall.fail("stat", path) }
        return FileStat(info)
    }

    init(_ info: stat) {
        size = Int64(info.st_size)
        mtimeNs = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        ctimeNs = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
        device = UInt64(info.st_dev)
        mode = UInt32(info.st_mode)
        linkCount = UInt64(info.st_nlink)
    }

    /// A regular file.
    public var isRegular: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    /// A directory.
    public var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    /// A symbolic link.
    public var isSymlink: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFLNK) }
    /// Whether the owner may execute it — what `isexec` records.
    public var isExecutable: Bool { mode & 0o100 != 0 }
    /// The permission bits.
    public var permissions: UInt32 { mode & 0o7777 }
}
