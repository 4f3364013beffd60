import Foundation

/// Removing test trees that hold read-only files and folders (cache objects, hard links).
public enum FileTree {
    /// Deletes `path` and everything under it, making folders writable first.
    public static func removeAll(_ path: String) throws {
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker {
                var info = stat()
                let full = path + "/" + relative
                if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { chmod(full, info.st_mode | S_IRWXU) }
            }
        }
        try FileManager.default.removeItem(atPath: path)
    }
}
