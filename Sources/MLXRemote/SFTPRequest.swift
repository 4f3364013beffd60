import Foundation

/// One request on an SFTP session: what to do with `path` (as the server sees it: absolute,
/// or relative to the login's home folder), with SFTP commands (`rename "a" "b"`, `rm "a"`)
/// run before (`quote`) or after (`postQuote`, only when the transfer succeeded) it.
struct SFTPRequest {
    enum Action {
        /// The file's size, in `SFTPReply.size`.
        case stat
        /// The file's bytes appended to `descriptor`, from byte `offset` on.
        case download(descriptor: Int32, offset: Int64)
        /// The folder's entries, as the server's long listing (`ls -l` lines) in `SFTPReply.body`.
        case list
        /// The region's bytes written to the file (its folders created), judged by `check` as they are read.
        case upload(HTTPFileRegion, check: HTTPUploadCheck?)
        /// Only the commands.
        case commands
    }

    var path: String
    var action: Action
    var quote: [String] = []
    var postQuote: [String] = []

    var isFolder: Bool {
        if case .list = action { return true }
        if case .commands = action { return true }
        return false
    }

    /// An SFTP command's argument: quoted, with `"` and `\` escaped, as libcurl reads it.
    static func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// What a successful `SFTPRequest` returned.
struct SFTPReply {
    /// The file's size (stat and download), when the server told it.
    var size: Int64?
    /// A listing's text.
    var body: [UInt8]
    /// Bytes written to a download's descriptor.
    var bytesWritten: Int64
}

/// Why an `SFTPRequest` failed.
struct SFTPFailure: Error {
    enum Kind {
        case hostKeyUnknown, hostKeyChanged, authentication, notFound
        /// A quoted SFTP command (rename, rm) failed.
        case command
        /// Our own file failed (a download's destination, an upload's source).
        case local
        case retryable, permanent
    }

    var kind: Kind
    /// libcurl's explanation, lower-case.
    var message: String
    var localErrorCode: Int32? = nil
    /// Bytes of a download written before the failure, from which it can resume.
    var bytesWritten: Int64 = 0
}
