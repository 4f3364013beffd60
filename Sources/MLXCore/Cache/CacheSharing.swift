/// Who may write into the cache (`cache.shared`): its owner only, or every member of the
/// folder's group, for a cache several users share (DVC's `cache.shared = group`).
public enum CacheSharing: String, Sendable, CaseIterable {
    /// Folders and files as the umask makes them.
    case owner
    /// Folders `rwxrwsr-x` (group-writable, setgid so that what is created inside keeps the
    /// cache's group) and the cache's own lock and registry files `rw-rw-r--`, whatever the
    /// umask says; objects stay read-only (`r--r--r--`) for everyone, as in any cache.
    case group

    /// The bits every folder of a group-shared cache must have.
    static let groupFolderBits: UInt32 = 0o2070

    /// Mode for a file of the cache's own that every sharer writes (its lock).
    var writableFileMode: UInt32 { self == .group ? 0o664 : 0o644 }

    /// `mkdir -p path`; for a group cache, then widens each folder from `path` up to `root`
    /// (included) that lacks the group bits. A folder another user owns cannot be changed and
    /// is left alone: its owner's mlx widened it when it made it.
    func makeFolders(_ path: String, within root: String) throws(FileSystemError) {
        try Syscall.makeDirectories(path, mode: self == .group ? 0o775 : 0o755)
        guard self == .group else { return }
        var folder = path
        while true {
            if let info = try? FileStat.following(folder), info.mode & Self.groupFolderBits != Self.groupFolderBits {
                try? Syscall.chmod(folder, (info.mode & 0o7777) | Self.groupFolderBits | 0o005)
            }
            if folder == root || !folder.hasPrefix(root + "/") { return }
            folder = Syscall.directoryName(of: folder)
        }
    }

    /// Makes a file of the cache's own (its lock) writable by the group too, when it is ours.
    func widen(file descriptor: Int32, path: String) {
        guard self == .group else { return }
        try? Syscall.fchmod(descriptor, writableFileMode, path: path)
    }
}
