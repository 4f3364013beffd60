import Foundation
import Glibc

/// Small files and folders written so that a crash leaves either nothing or the whole thing:
/// a temporary file in the target folder is written, fsynced and renamed (or linked) into place,
/// then the folder is fsynced so the new name survives a power cut too.
enum DurableWrite {
    /// What to do when the target already exists.
    enum Existing {
        /// Replace it atomically (`rename`).
        case replace
        /// Leave it alone and report that nothing was written (`link`, which never overwrites,
        /// so two processes racing to create the same file cannot clobber each other).
        case keep
    }

    /// Writes `bytes` to `path` with exactly `permissions` (the umask does not apply).
    ///
    /// - Returns: `false` when `existing` is `.keep` and `path` already existed.
    @discardableResult
    static func write(
        _ bytes: [UInt8], to path: String, permissions: mode_t = 0o644, existing: Existing
    ) throws(SystemCallFailure) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = "\(folder)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw SystemCallFailure("open", path: temporary) }
        var linked = false
        defer { if !linked { unlink(temporary) } }
        do {
            defer { close(fd) }
            try writeAll(fd, bytes, path: temporary)
            guard fchmod(fd, permissions) == 0 else { throw SystemCallFailure("fchmod", path: temporary) }
            guard fsync(fd) == 0 else { throw SystemCallFailure("fsync", path: temporary) }
        }
        switch existing {
        case .replace:
            guard rename(temporary, path) == 0 else { throw SystemCallFailure("rename", path: path) }
            linked = true
        case .keep:
            if link(temporary, path) != 0 {
                if errno == EEXIST { return false }
                throw SystemCallFailure("link", path: path)
            }
        }
        try syncFolder(folder)
        return true
    }

    /// Creates the folder `path` with mode 0755 (less the umask) and syncs its parent.
    ///
    /// - Returns: `false` when a folder (or a symbolic link to one) was already there.
    @discardableResult
    static func makeFolder(_ path: String) throws(SystemCallFailure) -> Bool {
        if mkdir(path, 0o755) == 0 {
            try syncFolder((path as NSString).deletingLastPathComponent)
            return true
        }
        let failure = SystemCallFailure("mkdir", path: path)
        var info = stat()
        if failure.code == EEXIST, stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return false }
        throw failure
    }

    /// Makes a rename or new entry in `folder` durable (`fsync` on the folder itself).
    static func syncFolder(_ folder: String) throws(SystemCallFailure) {
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallFailure("open", path: folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemCallFailure("fsync", path: folder) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemCallFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallFailure("write", path: path)
            }
            offset += written
        }
    }
}

/// A failed system call, with the path it concerned and `errno` read right after the call.
struct SystemCallFailure: Error, Sendable, CustomStringConvertible {
    let function: String
    let path: String
    let code: Int32

    init(_ function: String, path: String, code: Int32 = errno) {
        self.function = function
        self.path = path
        self.code = code
    }

    /// The system's wording, e.g. "Permission denied".
    var reason: String { String(cString: strerror(code)) }

    var description: String { "\(function) \(path): \(reason)" }
}
