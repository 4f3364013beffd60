import Glibc

extension Syscall {
    /// The `errno` values MLXCore code decides on, by name, so that only the `Syscall` files
    /// need the C library: a `FileSystemError.code` is compared with these.
    enum Errno {
        static let noSuchFile = ENOENT
        static let notDirectory = ENOTDIR
        static let isDirectory = EISDIR
        static let fileExists = EEXIST
        static let notEmpty = ENOTEMPTY
        static let permissionDenied = EACCES
        static let notPermitted = EPERM
        static let fileTooLarge = EFBIG
        static let noSpace = ENOSPC
        static let quotaExceeded = EDQUOT
        static let readOnlyFileSystem = EROFS
        static let ioError = EIO
        static let invalidArgument = EINVAL
        static let crossDevice = EXDEV
        static let illegalByteSequence = EILSEQ
        static let notSupported = EOPNOTSUPP
        static let notSupportedByDevice = ENOTSUP
        static let notATerminal = ENOTTY
        static let notImplemented = ENOSYS
        static let tooManyLinks = EMLINK
        static let textFileBusy = ETXTBSY
}
}
