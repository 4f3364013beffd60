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

    /// Puts `staging` (a registered temporary) at `destination` in one step, whatever
    /// `destination` holds, a file or a folder: `renameat2(RENAME_EXCHANGE)` swaps the two, and
    /// the old one is deleted from the staging name afterwards. No instant leaves
    /// `destination` missing (deleting it first, then renaming, left a window where a crash
    /// lost both the old and, until the sweep, the new). File systems without the exchange fall
    /// back to delete-then-rename.
    static func replace(_ destination: String, with staging: String) throws(FileSystemError) {
        guard (try? FileStat(path: destination)) != nil else {
            try Syscall.rename(staging, destination)
            return
        }
        if try Syscall.exchange(staging, destination) {
            try remove(staging)
            TemporaryFiles.forget(staging)
            return
        }
        try remove(destination)
        try Syscall.rename(staging, destination)
    }
}
