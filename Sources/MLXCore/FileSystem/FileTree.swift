/// Removing whole trees of workspace files, read-only ones (hard links to the cache) included.
enum FileTree {
    /// Deletes `path` and everything under it; symlinks are removed, never followed.
    static func remove(_ path: String) throws(FileSystemError) {
        let info: FileStat
        do {
            info = try Syscall.lstat(path)
        } catch {
            if error.code == Syscall.Errno.noSuchFile { return }
            throw error
        }
        if info.isDirectory {
            // Children of a read-only folder cannot be unlinked.
            try? Syscall.chmod(path, info.mode | 0o700)
            for child in try Syscall.listDirectory(path) { try remove(path + "/" + child) }
            try Syscall.removeDirectory(path)
        } else {
            try Syscall.unlink(path)
        }
    }
}
