import Glibc
internal import CSyscall

/// Facts about files, links between them, and whole-file reads and copies.
extension Syscall {
    /// `lstat(2)`: a symlink is described itself, not its target.
    static func lstat(_ path: String) throws(FileSystemError) -> FileStat {
        try injectedFault("lstat", path)
        var info = Glibc.stat()
        if Glibc.lstat(path, &info) != 0 { throw fail("lstat", path) }
        return facts(info)
    }

    /// `stat(2)`, following symlinks.
    static func stat(_ path: String) throws(FileSystemError) -> FileStat {
        try injectedFault("stat", path)
        var info = Glibc.stat()
        if statFollowing(path, &info) != 0 { throw fail("stat", path) }
        return facts(info)
    }

    static func fstat(_ fd: Int32, path: String) throws(FileSystemError) -> FileStat {
        var info = Glibc.stat()
        if Glibc.fstat(fd, &info) != 0 { throw fail("fstat", path) }
        return facts(info)
    }

    /// `fstat` where failing only means "not what was recorded": nil instead of an error.
    @inline(__always)
    static func facts(of fd: Int32) -> FileStat? {
        var info = Glibc.stat()
        return Glibc.fstat(fd, &info) == 0 ? facts(info) : nil
    }

    /// `fstatat` of `name` in the folder open as `folder`, without following a symlink; nil
    /// when it fails. Takes the C string as it lies in a memo, so nothing is allocated per file.
    @inline(__always)
    static func facts(at folder: Int32, name: UnsafePointer<CChar>) -> FileStat? {
        var info = Glibc.stat()
        return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? facts(info) : nil
    }

    @inline(__always)
    static func facts(_ info: Glibc.stat) -> FileStat {
        FileStat(size: Int64(info.st_size),
                 mtimeNs: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                 ctimeNs: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
                 inode: UInt64(info.st_ino), device: UInt64(info.st_dev), mode: UInt32(info.st_mode),
                 linkCount: UInt64(info.st_nlink))
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = Glibc.stat()
        return statFollowing(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = Glibc.stat()
        return Glibc.lstat(path, &info) == 0
    }

    static func chmod(_ path: String, _ mode: UInt32) throws(FileSystemError) {
        try injectedFault("chmod", path)
        if Glibc.chmod(path, mode_t(mode)) != 0 { throw fail("chmod", path) }
    }

    static func fchmod(_ fd: Int32, _ mode: UInt32, path: String) throws(FileSystemError) {
        try injectedFault("fchmod", path)
        if Glibc.fchmod(fd, mode_t(mode)) != 0 { throw fail("fchmod", path) }
    }

    /// `link(2)`: a new name `path` for the file at `existing`; never replaces what is there.
    /// A temporary created here is remembered by `TemporaryFiles`, so an interrupt removes it.
    static func link(_ existing: String, to path: String) throws(FileSystemError) {
        try injectedFault("link", path)
        let code = TemporaryFiles.creating(path) { Glibc.link(existing, path) == 0 ? 0 : errno }
        if code != 0 { throw fail("link", path, code: code) }
    }

    /// `symlink(2)`: a link at `path` that names `target`. Remembered like `link`.
    static func symlink(_ target: String, at path: String) throws(FileSystemError) {
        try injectedFault("symlink", path)
        let code = TemporaryFiles.creating(path) { Glibc.symlink(target, path) == 0 ? 0 : errno }
        if code != 0 { throw fail("symlink", path, code: code) }
    }

    /// `realpath(3)`: the absolute path with every symlink, `.` and `..` resolved.
    static func realPath(_ path: String) throws(FileSystemError) -> String {
        guard let resolved = realpath(path, nil) else { throw fail("realpath", path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads a whole file, refusing files over `limit` bytes before reading them.
    static func readFile(_ path: String, limit: Int = Int.max) throws(FileSystemError) -> [UInt8] {
        let fd = try open(path, .readOnly)
        defer { close(fd) }
        let size = Int(try fstat(fd, path: path).size)
        if size > limit { throw tooLarge(path, limit: limit) }
        // Read straight into a buffer of the size fstat reports; keep going if the file grew,
        // in pieces, so that reading a file that did not grow never makes a second buffer.
        var result = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < result.count {
            let count = try readSome(fd, into: &result, from: filled, path: path)
            if count == 0 { break }
            filled += count
        }
        if filled == result.count {
            var piece = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = try readSome(fd, into: &piece, from: 0, path: path)
                if count == 0 { break }
                result += piece[..<count]
                if result.count > limit { throw tooLarge(path, limit: limit) }
            }
            filled = result.count
        }
        result.removeLast(result.count - filled)
        return result
    }

    /// One `read` into `buffer` from position `start`; 0 at the end of the file.
    private static func readSome(_ fd: Int32, into buffer: inout [UInt8], from start: Int, path: String) throws(FileSystemError) -> Int {
        try buffer.withUnsafeMutableBytes { raw in
            Result { () throws(FileSystemError) in
                try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]), path: path)
            }
        }.get()
    }

    private static func tooLarge(_ path: String, limit: Int) -> FileSystemError {
        FileSystemError(path: path, operation: "read", code: EFBIG, message: "file is larger than \(limit) bytes")
    }

    /// Copies all bytes of `source` into `destination` (both positioned at 0), in the kernel
    /// where it can (`sendfile`), else through a buffer. Returns the number of bytes copied.
    static func copyContents(from source: Int32, to destination: Int32, sourcePath: String, destinationPath: String,
                             stoppingAt limit: Int64? = nil) throws(FileSystemError) -> Int64 {
        try injectedFault("sendfile", destinationPath)
        var total: Int64 = 0
        var useSendfile = true
        while useSendfile {
            if let limit, total >= limit { return total }
            let count = sendfile(destination, source, nil, Int(min(limit.map { $0 - total } ?? (1 << 30), 1 << 30)))
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
            let wanted = Int(min(limit.map { $0 - total } ?? Int64(buffer.count), Int64(buffer.count)))
            if wanted == 0 { return total }
            let count = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(FileSystemError) in try read(source, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]), path: sourcePath) }
            }.get()
            if count == 0 { return total }
            try buffer.withUnsafeBytes { raw in
                Result { () throws(FileSystemError) in
                    try writeAll(destination, UnsafeRawBufferPointer(rebasing: raw[..<count]), path: destinationPath)
                }
            }.get()
            total += Int64(count)
        }
    }

    /// Starts writing `length` bytes of `descriptor` from `offset` out to the disk and returns
    /// (`sync_file_range` with `SYNC_FILE_RANGE_WRITE`), so that a later sync finds less to
    /// write. Durability still comes from that sync; a failure here changes nothing.
    static func startWriteback(_ descriptor: Int32, offset: Int64, length: Int64) {
        _ = mlx_start_writeback(descriptor, offset, length)
    }

    /// Linux `FICLONE`: makes `destination` (at `path`) share `source`'s extents (copy-on-write).
    /// Fails with `EOPNOTSUPP`/`EXDEV`/`EINVAL` where the file system cannot do it.
    static func cloneFile(from source: Int32, to destination: Int32, path: String) throws(FileSystemError) {
        try injectedFault("ioctl(FICLONE)", path)
        if ioctl(destination, 0x4004_9409, source) != 0 { throw fail("ioctl(FICLONE)", path) }
    }
}

/// `stat(2)` itself: inside `Syscall` the name means the wrapper.
private func statFollowing(_ path: String, _ info: inout stat) -> Int32 {
    stat(path, &info)
}
