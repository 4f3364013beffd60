internal import CSyscall
import Glibc

/// Thin checked wrappers over the POSIX calls MLXCore needs: the only place in MLXCore that
/// calls the C library (split by topic: `Syscall+Files`, `+Directories`, `+Process`, `+Signals`).
///
/// Each wrapper retries `EINTR` and turns a failure into a `FileSystemError` naming the C call
/// and the path, so callers never read `errno` themselves (it is only valid right after the call).
/// Every wrapper first asks `injectedFault` whether a test wants it to fail; in release builds
/// that check compiles to nothing. Package-visible where the adapters beside MLXCore (the folder
/// remote) need the same calls.
package enum Syscall {
    static func fail(_ operation: String, _ path: String, code: Int32 = errno) -> FileSystemError {
        FileSystemError(path: path, operation: operation, code: code)
    }

    /// `strerror` with its first letter lower-cased, to fit mlx's message style.
    static func describe(errno code: Int32) -> String {
        guard let cString = strerror(code) else { return "error \(code)" }
        let text = String(cString: cString)
        guard let first = text.first else { return "error \(code)" }
        return first.lowercased() + text.dropFirst()
    }

    /// How `open` opens a file: the access mode with the creation flags that go with it.
    struct OpenFlags {
        let raw: Int32

        /// An existing file, for reading.
        static let readOnly = OpenFlags(raw: O_RDONLY)
        /// An existing folder, for `fsync` and `syncfs`.
        static let directory = OpenFlags(raw: O_RDONLY | O_DIRECTORY)
        /// A new file, for writing; fails with `EEXIST` when something is there.
        static let createNew = OpenFlags(raw: O_WRONLY | O_CREAT | O_EXCL)
        /// A new file, for writing and reading back; fails with `EEXIST` when something is there.
        static let createNewReadable = OpenFlags(raw: O_RDWR | O_CREAT | O_EXCL)
        /// A file for reading and writing, created when missing.
        static let readWriteCreating = OpenFlags(raw: O_RDWR | O_CREAT)
    }

    /// A temporary created here is remembered by `TemporaryFiles`, so an interrupt removes it.
    static func open(_ path: String, _ flags: OpenFlags, mode: UInt32 = 0o644) throws(FileSystemError) -> Int32 {
        guard flags.raw & O_CREAT == 0 else {
            return try TemporaryFiles.creating(path) { () throws(FileSystemError) in try openNow(path, flags.raw, mode: mode) }
        }
        return try openNow(path, flags.raw, mode: mode)
    }

    private static func openNow(_ path: String, _ flags: Int32, mode: UInt32) throws(FileSystemError) -> Int32 {
        try injectedFault("open", path)
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode_t(mode))
            if fd >= 0 { return fd }
            if errno != EINTR { throw fail("open", path) }
        }
    }

    static func close(_ fd: Int32) {
        // close must not be retried on EINTR on Linux: the descriptor is already released.
        _ = Glibc.close(fd)
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(FileSystemError) {
        try injectedFault("write", path)
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

    /// Reads into `buffer` from the file's current position; returns the bytes read, 0 at its end.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(FileSystemError) -> Int {
        try injectedFault("read", path)
        while true {
            let count = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw fail("read", path) }
        }
    }

    /// Reads into `buffer` from `offset`, leaving the file position alone; nil when it fails.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int? {
        let count = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
        return count >= 0 ? count : nil
    }

    /// Replaces the whole content of `fd` by `bytes`, best effort (a note beside a lock).
    static func overwrite(_ fd: Int32, with bytes: [UInt8]) {
        _ = ftruncate(fd, 0)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    static func fsync(_ fd: Int32, path: String) throws(FileSystemError) {
        try injectedFault("fsync", path)
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw fail("fsync", path) }
        }
    }

    /// Makes a rename or unlink inside `directory` durable: the entry itself lives in the folder.
    static func fsyncDirectory(_ directory: String) throws(FileSystemError) {
        let fd = try open(directory, .directory)
        defer { close(fd) }
        try fsync(fd, path: directory)
    }

    /// Moves the file position of `fd` back to its start.
    static func rewind(_ fd: Int32, path: String) throws(FileSystemError) {
        if lseek(fd, 0, SEEK_SET) != 0 { throw fail("lseek", path) }
    }

    static func rename(_ from: String, _ to: String) throws(FileSystemError) {
        try injectedFault("rename", to)
        if Glibc.rename(from, to) != 0 { throw fail("rename", to) }
        TemporaryFiles.forget(from)
    }

    /// Swaps the two existing paths in one step (`renameat2(RENAME_EXCHANGE)`); false when the
    /// file system cannot (EINVAL, ENOSYS), so the caller falls back to something else.
    static func exchange(_ first: String, _ second: String) throws(FileSystemError) -> Bool {
        try injectedFault("rename", second)
        if mlx_rename_exchange(first, second) == 0 { return true }
        let code = errno
        if code == EINVAL || code == ENOSYS { return false }
        throw fail("renameat2", second, code: code)
    }

    /// Removes the file at `path`; returns false when nothing was there. Any other failure throws.
    @discardableResult
    static func unlink(_ path: String) throws(FileSystemError) -> Bool {
        try injectedFault("unlink", path)
        let removed = Glibc.unlink(path) == 0
        let code = errno
        if !removed && code != ENOENT { throw fail("unlink", path, code: code) }
        TemporaryFiles.forget(path)
        return removed
    }

    /// Removes the file at `path` if it can, ignoring every failure: clean-up on a path that
    /// has already failed, where a second error would only hide the first.
    static func unlinkIfPresent(_ path: String) {
        _ = Glibc.unlink(path)
        TemporaryFiles.forget(path)
    }

    /// Runs `body` and puts `errno` back as it was: bookkeeping between a call and the caller
    /// that reads its `errno`.
    static func preservingErrno<T>(_ body: () -> T) -> T {
        let code = errno
        defer { errno = code }
        return body()
    }

    /// `unlink` for `TemporaryFiles` itself, which forgets the path on its own and holds the
    /// lock that forgetting takes; returns whether a file was removed.
    static func unlinkForgotten(_ path: String) -> Bool {
        Glibc.unlink(path) == 0
    }

    /// `memcmp`: the order of the first `count` bytes at `lhs` and `rhs` (negative, 0, positive).
    @inline(__always)
    static func compareBytes(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer, count: Int) -> Int32 {
        memcmp(lhs, rhs, count)
    }

    /// `syncfs` on the file system holding `path`: everything written there becomes durable.
    static func syncFileSystem(containing path: String) throws(FileSystemError) {
        let fd = try open(path, .directory)
        defer { close(fd) }
        try injectedFault("syncfs", path)
        if mlx_syncfs(fd) != 0 { throw fail("syncfs", path) }
    }

    /// Current wall-clock time in nanoseconds since the epoch.
    static func nowNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Seconds on a clock that only moves forward, for timeouts.
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Blocks the calling thread for `seconds`.
    static func sleep(seconds: Double) {
        usleep(UInt32(max(0, seconds) * 1_000_000))
    }
}
