import Foundation

/// Crash-safe file replacement: readers see either the old content or the new, never a mix.
///
/// The bytes go to a temporary file in the target's folder (same file system, so `rename` is
/// atomic), which is fsynced, closed and renamed over the target; the folder is then fsynced so
/// the rename itself survives a power loss.
public enum AtomicFile {
    /// Prefix of every temporary file MLXCore creates, so leftovers of a crash can be recognised.
    public static let temporaryPrefix = ".mlx-tmp-"

    /// Atomically and durably replaces (or creates) the file at `path` with `bytes`.
    ///
    /// `permissions` is filtered by the process umask like any `open(2)`.
    public static func write(_ bytes: [UInt8], to path: String, permissions: UInt32 = 0o644) throws(FileSystemError) {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(FileSystemError) in _ = try write(raw, to: path, permissions: permissions, replacing: true) }
        }.get()
    }

    /// Atomically and durably creates the file at `path` with `bytes` unless something is there
    /// already. Uses `link(2)`, which never overwrites, so two processes racing to create the same
    /// file cannot clobber each other.
    /// - Returns: `false` when `path` existed (and was left alone).
    @discardableResult
    public static func create(_ bytes: [UInt8], at path: String, permissions: UInt32 = 0o644) throws(FileSystemError) -> Bool {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(FileSystemError) in try write(raw, to: path, permissions: permissions, replacing: false) }
        }.get()
    }

    /// Atomically and durably replaces (or creates) the file at `path` with `data`.
    public static func write(_ data: Data, to path: String, permissions: UInt32 = 0o644) throws(FileSystemError) {
        try write([UInt8](data), to: path, permissions: permissions)
    }

    /// Atomically and durably replaces (or creates) the file at `path` with the UTF-8 of `text`.
    public static func write(_ text: String, to path: String, permissions: UInt32 = 0o644) throws(FileSystemError) {
        try write(Array(text.utf8), to: path, permissions: permissions)
    }

    /// - Parameter stagingDirectory: where the temporary file goes instead of beside `path`
    ///   (same file system); the cache uses one folder so leftovers of a crash are easy to sweep.
    static func write(
        _ raw: UnsafeRawBufferPointer, to path: String, permissions: UInt32, replacing: Bool, stagingDirectory: String? = nil
    ) throws(FileSystemError) -> Bool {
        let temporary = Syscall.temporaryPath(beside: stagingDirectory.map { $0 + "/x" } ?? path)
        let fd = try Syscall.open(temporary, .createNew, mode: permissions)
        do {
            try Syscall.writeAll(fd, raw, path: temporary)
            try Syscall.fsync(fd, path: temporary)
        } catch {
            Syscall.close(fd)
            Syscall.unlinkIfPresent(temporary)
            throw error
        }
        Syscall.close(fd)
        if replacing {
            do {
                try Syscall.rename(temporary, path)
            } catch {
                Syscall.unlinkIfPresent(temporary)
                throw error
            }
        } else {
            do {
                try Syscall.link(temporary, to: path)
                Syscall.unlinkIfPresent(temporary)
            } catch {
                Syscall.unlinkIfPresent(temporary)
                if error.code == Syscall.Errno.fileExists { return false }
                throw error
            }
        }
        try Syscall.fsyncDirectory(Syscall.directoryName(of: path))
        return true
    }

    /// Atomically replaces (or creates) whatever is at `path` with a symbolic link to `target`:
    /// the link is made under a temporary name beside it and renamed over, so a crash leaves
    /// either the old file or the link, never neither.
    public static func writeSymbolicLink(to target: String, at path: String) throws(FileSystemError) {
        let temporary = Syscall.temporaryPath(beside: path)
        try Syscall.symlink(target, at: temporary)
        do {
            try Syscall.rename(temporary, path)
        } catch {
            Syscall.unlinkIfPresent(temporary)
            throw error
        }
        try Syscall.fsyncDirectory(Syscall.directoryName(of: path))
    }
}
