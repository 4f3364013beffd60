import Glibc
import MLXCore

/// The POSIX calls `LocalRemote` makes, each retrying `EINTR` and reporting `errno`.
///
/// `syncfs` and `copy_file_range` are Linux calls that Glibc's Swift module does not declare
/// (they need `_GNU_SOURCE`); they are looked up once with `dlsym`, and a missing one falls back
/// to `fsync` per file or a read/write copy.
enum LocalFiles {
    struct Failure: Error {
        let call: String
        let path: String
        let code: Int32
    }

    private typealias SyncFSFunction = @convention(c) (Int32) -> Int32
    private typealias CopyFileRangeFunction = @convention(c) (
        Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32
    ) -> Int

    private struct Functions: @unchecked Sendable {
        // Plain C function pointers from dlsym: immutable once looked up.
        let syncfs: SyncFSFunction?
        let copyFileRange: CopyFileRangeFunction?
    }

    private static let functions: Functions = {
        let handle = dlopen(nil, RTLD_NOW)
        return Functions(
            syncfs: dlsym(handle, "syncfs").map { unsafeBitCast($0, to: SyncFSFunction.self) },
            copyFileRange: dlsym(handle, "copy_file_range").map { unsafeBitCast($0, to: CopyFileRangeFunction.self) })
    }()

    /// A temporary created here is remembered by `TemporaryFiles`, so an interrupt removes it.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(Failure) -> Int32 {
        try TemporaryFiles.creating(path) { () throws(Failure) in
            while true {
                let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
                if fd >= 0 { return fd }
                if errno != EINTR { throw Failure(call: "open", path: path, code: errno) }
            }
        }
    }

    static func fsync(_ fd: Int32, path: String) throws(Failure) {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw Failure(call: "fsync", path: path, code: errno) }
        }
    }

    static func fsyncDirectory(_ path: String) throws(Failure) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// Flushes every dirty page and inode of the file system holding `path` (Linux `syncfs`);
    /// returns false when the call is not available, so the caller syncs file by file.
    static func syncFileSystem(of path: String) throws(Failure) -> Bool {
        guard let syncfs = functions.syncfs else { return false }
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        while syncfs(fd) != 0 {
            if errno != EINTR { throw Failure(call: "syncfs", path: path, code: errno) }
        }
        return true
    }

    static func rename(_ from: String, _ to: String) throws(Failure) {
        if Glibc.rename(from, to) != 0 { throw Failure(call: "rename", path: to, code: errno) }
        TemporaryFiles.forget(from)
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws(Failure) {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return }
        let parent = directoryName(of: path)
        if parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Failure(call: "mkdir", path: path, code: errno) }
    }

    /// The size of the regular file at `path`, nil when nothing is there.
    static func size(of path: String) throws(Failure) -> Int64? {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Failure(call: "lstat", path: path, code: errno)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Copies `source` to `destination` from their current offsets until the end of `source`, or
    /// until `limit` bytes when given (`copy_file_range`, which NFS 4.2 and XFS/Btrfs turn into a
    /// server-side copy or a reflink; a read/write loop where it cannot). Returns the bytes copied.
    static func copy(from source: Int32, to destination: Int32, sourcePath: String, destinationPath: String,
                     stoppingAt limit: Int64? = nil) throws(Failure) -> Int64 {
        var total: Int64 = 0
        if let copyFileRange = functions.copyFileRange {
            while true {
                if let limit, total >= limit { return total }
                let count = copyFileRange(source, nil, destination, nil, Int(min(limit.map { $0 - total } ?? (1 << 30), 1 << 30)), 0)
                if count > 0 { total += Int64(count); continue }
                if count == 0 { return total }
                let code = errno
                if code == EINTR { continue }
                // Different file systems before Linux 5.19, or a file system without support.
                if [EXDEV, EINVAL, ENOSYS, EOPNOTSUPP, EBADF].contains(code) && total == 0 { break }
                throw Failure(call: "copy_file_range", path: destinationPath, code: code)
            }
        }
        return try copyThroughUserSpace(from: source, to: destination, sourcePath: sourcePath, destinationPath: destinationPath,
                                        startingAt: total)
    }

    /// The read-then-write loop, from the descriptors' current offsets, where the kernel cannot copy.
    private static func copyThroughUserSpace(
        from source: Int32, to destination: Int32, sourcePath: String, destinationPath: String, startingAt start: Int64
    ) throws(Failure) -> Int64 {
        var total = start
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "read", path: sourcePath, code: errno)
            }
            if count == 0 { return total }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { Glibc.write(destination, $0.baseAddress! + offset, count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(call: "write", path: destinationPath, code: errno)
                }
                offset += written
            }
            total += Int64(count)
        }
    }

    /// Every regular file under `folder` as (path relative to `folder`, size), skipping
    /// temporaries of unfinished uploads; a missing folder has none.
    static func walk(_ folder: String, namePrefix: String, into found: inout [(String, Int64)], relative: String = "") throws(Failure) {
        // A folder, or a regular file with its size; nil for anything else.
        var entries: [(name: String, size: Int64?)] = []
        do {
            try Syscall.forEachEntry(in: folder) { entry in
                if entry.name.hasPrefix(AtomicFile.temporaryPrefix) { return }
                if relative.isEmpty && !entry.name.hasPrefix(namePrefix) { return }
                if entry.kind == .directory {
                    entries.append((entry.name, nil))
                } else if let info = try? entry.lstat(), info.isDirectory || info.isRegular {
                    entries.append((entry.name, info.isDirectory ? nil : info.size))
                }
            }
        } catch {
            if error.code == ENOENT || error.code == ENOTDIR { return }
            throw Failure(call: error.operation, path: error.path, code: error.code)
        }
        for (name, size) in entries {
            let child = relative.isEmpty ? name : relative + "/" + name
            if let size {
                found.append((child, size))
            } else {
                try walk(folder + "/" + name, namePrefix: "", into: &found, relative: child)
            }
        }
    }

    static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// A new name in `folder` that `list` skips and `mlx gc --cloud` may remove.
    static func temporaryPath(in folder: String) -> String {
        TemporaryFiles.path(in: folder)
    }
}
