internal import CSyscall
#if canImport(Glibc)
import Glibc
#endif

/// Thin checked wrappers over the POSIX calls MLXCore needs.
///
/// Each wrapper retries `EINTR` and turns a failure into a `FileSystemError` naming the C call
/// and the path, so callers never read `errno` themselves (it is only valid right after the call).
enum Syscall {
    static func fail(_ operation: String, _ path: String, code: Int32 = errno) -> FileSystemError {
        FileSystemError(path: path, operation: operation, code: code)
    }

    /// A temporary created here is remembered by `TemporaryFiles`, so an interrupt removes it.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(FileSystemError) -> Int32 {
        guard flags & O_CREAT == 0 else {
            return try TemporaryFiles.creating(path) { () throws(FileSystemError) in try openNow(path, flags, mode: mode) }
        }
        return try openNow(path, flags, mode: mode)
    }

    private static func openNow(_ path: String, _ flags: Int32, mode: mode_t) throws(FileSystemError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw fail("open", path) }
        }
    }

    static func close(_ fd: Int32) {
        // close must not be retried on EINTR on Linux: the descriptor is already released.
        _ = Glibc.close(fd)
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(FileSystemError) {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw fail("write", path)
            }
            offset += written
        }
    }

    static func fsync(_ fd: Int32, path: String) throws(FileSystemError) {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw fail("fsync", path) }
        }
    }

    /// Makes a rename or unlink inside `directory` durable: the entry itself lives in the folder.
    static func fsyncDirectory(_ directory: String) throws(FileSystemError) {
        let fd = try open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: directory)
    }

    /// Moves the file position of `fd` back to its start.
    static func rewind(_ fd: Int32, path: String) throws(FileSystemError) {
        if lseek(fd, 0, SEEK_SET) != 0 { throw fail("lseek", path) }
    }

    static func rename(_ from: String, _ to: String) throws(FileSystemError) {
        if Glibc.rename(from, to) != 0 { throw fail("rename", to) }
        TemporaryFiles.forget(from)
    }

    static func unlinkIfPresent(_ path: String) {
        _ = Glibc.unlink(path)
        TemporaryFiles.forget(path)
    }

    /// `mkdir -p`: creates each missing folder of `path`; existing folders are fine.
    static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(FileSystemError) {
        if isDirectory(path) { return }
        let parent = directoryName(of: path)
        if parent != path && !parent.isEmpty { try makeDirectories(parent, mode: mode) }
        if Glibc.mkdir(path, mode) != 0 && errno != EEXIST { throw fail("mkdir", path) }
        if !isDirectory(path) { throw fail("mkdir", path, code: ENOTDIR) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return Glibc.lstat(path, &info) == 0
    }

    /// Names in a folder, without `.` and `..`, in no particular order.
    static func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
        guard let stream = opendir(path) else { throw fail("opendir", path) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw fail("readdir", path) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    static func fstat(_ fd: Int32, path: String) throws(FileSystemError) -> stat {
        var info = stat()
        if Glibc.fstat(fd, &info) != 0 { throw fail("fstat", path) }
        return info
    }

    /// The folder part of a path, `.` for a bare name, `/` for the root.
    static func directoryName(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == 0 { return "/" }
        return String(decoding: bytes[..<slash], as: UTF8.self)
    }

    /// The last component of a path.
    static func baseName(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(decoding: bytes[(slash + 1)...], as: UTF8.self)
    }

    /// A fresh temporary name beside `path` (see `TemporaryFiles`).
    static func temporaryPath(beside path: String) -> String {
        TemporaryFiles.path(in: directoryName(of: path))
    }

    /// Reads a whole file, refusing files over `limit` bytes before reading them.
    static func readFile(_ path: String, limit: Int = Int.max) throws(FileSystemError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        let info = try fstat(fd, path: path)
        if Int(info.st_size) > limit {
            throw FileSystemError(path: path, operation: "read", code: EFBIG,
                                  message: "file is larger than \(limit) bytes")
        }
        // Read straight into a buffer of the size fstat reports; keep going if the file grew.
        var result = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while true {
            if filled == result.count {
                if result.count > limit {
                    throw FileSystemError(path: path, operation: "read", code: EFBIG,
                                          message: "file is larger than \(limit) bytes")
                }
                result += [UInt8](repeating: 0, count: max(4096, result.count / 2))
            }
            let count = result.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fail("read", path)
            }
            if count == 0 { break }
            filled += count
        }
        result.removeLast(result.count - filled)
        if result.count > limit {
            throw FileSystemError(path: path, operation: "read", code: EFBIG, message: "file is larger than \(limit) bytes")
        }
        return result
    }

    /// Copies all bytes of `source` into `destination` (both positioned at 0), in the kernel
    /// where it can (`sendfile`), else through a buffer. Returns the number of bytes copied.
    static func copyContents(from source: Int32, to destination: Int32,
                             sourcePath: String, destinationPath: String) throws(FileSystemError) -> Int64 {
        var total: Int64 = 0
        var useSendfile = true
        while useSendfile {
            let count = Glibc.sendfile(destination, source, nil, 1 << 30)
            if count > 0 { total += Int64(count); continue }
            if count == 0 { return total }
            switch errno {
            case EINTR: continue
            case EINVAL, ENOSYS, EOPNOTSUPP: useSendfile = false
            default: throw fail("sendfile", destinationPath)
            }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fail("read", sourcePath)
            }
            if count == 0 { return total }
            try buffer.withUnsafeBytes { raw in
                Result { () throws(FileSystemError) in
                    try writeAll(destination, UnsafeRawBufferPointer(rebasing: raw[..<count]), path: destinationPath)
                }
            }.get()
            total += Int64(count)
        }
    }

    /// Linux `FICLONE`: makes `destination` share `source`'s extents (copy-on-write).
    /// Fails with `EOPNOTSUPP`/`EXDEV`/`EINVAL` where the file system cannot do it.
    static func cloneFile(from source: Int32, to destination: Int32) -> Bool {
        ioctl(destination, 0x4004_9409, source) == 0
    }

    /// `syncfs` on the file system holding `path`: everything written there becomes durable.
    static func syncFileSystem(containing path: String) throws(FileSystemError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        if mlx_syncfs(fd) != 0 { throw fail("syncfs", path) }
    }

    /// Current wall-clock time in nanoseconds since the epoch.
    static func nowNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
