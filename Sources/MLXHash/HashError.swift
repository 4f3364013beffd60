import Glibc

/// A file that could not be opened or read while hashing.
public struct HashError: Error, Sendable, CustomStringConvertible {
    /// The path, or the name given for a file descriptor.
    public let path: String
    /// The `errno` of the failing system call.
    public let errno: Int32

    /// An error for `path` with the `errno` of the call that failed.
    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }

    /// What went wrong, as the C library words it: `Permission denied`.
    public var reason: String { String(cString: strerror(errno)) }

    /// For example `cannot read 'x': Permission denied`.
    public var description: String { "cannot read '\(path)': \(reason)" }
}
