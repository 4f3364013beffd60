#if canImport(Glibc)
import Glibc
#endif

/// Removing whole trees of workspace files, read-only ones (hard links to the cache) included.
enum FileTree {
    /// Deletes `path` and everything under it; symlinks are removed, never followed.
    static func remove(_ path: String) throws(FileSystemError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw Syscall.fail("lstat", path)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            // Children of a read-only folder cannot be unlinked.
            chmod(path, info.st_mode | S_IRWXU)
            guard let handle = opendir(path) else { throw Syscall.fail("opendir", path) }
            var children: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
                if name != "." && name != ".." { children.append(name) }
            }
            closedir(handle)
            for child in children { try remove(path + "/" + child) }
            if rmdir(path) != 0 { throw Syscall.fail("rmdir", path) }
        } else if unlink(path) != 0 && errno != ENOENT {
            throw Syscall.fail("unlink", path)
        }
    }
}
