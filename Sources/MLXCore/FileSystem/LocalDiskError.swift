/// The local disk refused a write during a transfer (full, over quota, read-only). Every
/// further object would fail the same way, so the batch stops at the first such error and
/// reports it once, naming the local folder — not the remote, which did nothing wrong.
public struct LocalDiskError: ReportableError {
    /// The local folder being written: the cache.
    public var folder: String
    /// The `errno`: ENOSPC, EDQUOT or EROFS.
    public var code: Int32
    /// Objects the batch did not move.
    public var unsent: Int
    /// What did not happen to them: `fetched`, `checked`.
    public var verb: String

    public init(folder: String, code: Int32, unsent: Int = 0, verb: String = "transferred") {
        self.folder = folder
        self.code = code
        self.unsent = unsent
        self.verb = verb
    }

    /// Whether `code` means no later write to the same disk can succeed either.
    public static func stopsTransfers(_ code: Int32) -> Bool {
        code == Syscall.Errno.noSpace || code == Syscall.Errno.quotaExceeded || code == Syscall.Errno.readOnlyFileSystem
    }

    /// The local-disk error `error` stands for, when it is one that stops transfers: a
    /// download whose destination could not be written, or a failed file-system call.
    public static func classify(_ error: any Error, folder: String) -> LocalDiskError? {
        let code: Int32?
        switch error {
        case let error as LocalDiskError: return error
        case let error as RemoteError: code = error.localErrorCode
        case let error as FileSystemError: code = error.code
        default: code = nil
        }
        guard let code, stopsTransfers(code) else { return nil }
        return LocalDiskError(folder: folder, code: code)
    }

    public var message: String {
        let what = switch code {
        case Syscall.Errno.noSpace: "the local disk is full"
        case Syscall.Errno.quotaExceeded: "the local disk quota is used up"
        default: "the local disk is read-only"
        }
        return "\(what): cannot write to \(folder) (\(FileSystemError.describe(errno: code))); "
            + "stopped with \(unsent) object\(unsent == 1 ? "" : "s") not \(verb)"
    }

    public var hint: String? {
        code == Syscall.Errno.readOnlyFileSystem
            ? "remount \(folder)'s file system writable, then run the command again"
            : "free space on the disk of \(folder) ('mlx gc' removes objects nothing refers to), then run the command again; what was stored is kept"
    }
}
