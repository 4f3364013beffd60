/// A failed file-system call, naming the path and the C call so `-v` output can be precise.
public struct FileSystemError: ReportableError, Equatable {
    /// The path the call was made on.
    public var path: String
    /// The C function that failed (`open`, `rename`, …), or a short word for checks mlx does itself.
    public var operation: String
    /// The `errno` value, or 0 when the failure was detected by mlx rather than the kernel.
    public var code: Int32
    /// Lower-case description of the failure.
    public var message: String
    /// What the user can do, where something helps.
    public var hint: String?

    /// Creates an error; `message` defaults to "<operation> failed: <strerror>".
    public init(path: String, operation: String, code: Int32, message: String? = nil, hint: String? = nil) {
        self.path = path
        self.operation = operation
        self.code = code
        self.message = message ?? "\(operation) failed: \(FileSystemError.describe(errno: code))"
        self.hint = hint ?? FileSystemError.defaultHint(errno: code)
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }

    /// `strerror` with its first letter lower-cased, to fit mlx's message style.
    static func describe(errno code: Int32) -> String {
        Syscall.describe(errno: code)
    }

    /// Hints only for the failures where the remedy is not obvious from the message.
    static func defaultHint(errno code: Int32) -> String? {
        switch code {
        case Syscall.Errno.noSpace, Syscall.Errno.quotaExceeded: return "free some disk space; `mlx gc` removes cache objects nothing refers to"
        case Syscall.Errno.readOnlyFileSystem: return "the file system is mounted read-only"
        default: return nil
        }
    }
}
