import MLXCore

/// An error reading or writing mlx's configuration, naming the file and, where known, the line.
///
/// A ``ReportableError``, so the command line prints its message, hint and (with `-v`) cause.
public struct ConfigError: ReportableError, Equatable {
    /// What kind of failure this is, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// A file that is not valid git-config syntax; `file` and `line` say where.
        case malformedFile
        /// A name that is not `section[.subsection].key`.
        case invalidName
        /// A name that is valid git-config syntax but no key mlx knows (``ConfigSchema``).
        case unknownKey
        /// A value that cannot be read as the requested type, or that its key does not accept.
        case invalidValue
        /// A read found no value, or `unset` or `removeSection` found nothing to remove.
        case notFound
        /// A secret (``ConfigEntry/isSecret``) would be written to the committed `.mlx/config`.
        case secretInCommittedFile
        /// A secret remote option would be stored elsewhere than `.mlx/config.local`, the one
        /// file `mlx remote` keeps credentials in.
        case secretOutsideLocalFile
        /// The level has no file, e.g. `.mlx/config` outside a project.
        case levelUnavailable
        /// Another process holds the file's lock (`<file>.lock`).
        case locked
        /// Any other failure; `cause` has the underlying message.
        case io
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// One lower-case line saying what went wrong; it starts with `file:line:` for syntax errors.
    public let message: String
    /// What the user can do about it, when there is something to suggest.
    public let hint: String?
    /// The configuration file concerned, if any.
    public let file: String?
    /// The 1-based line in `file`, for syntax errors.
    public let line: Int?
    /// The configuration name concerned, if any.
    public let name: String?
    /// The libgit2 function and message or system error behind the error, for verbose output.
    public let cause: String?

    /// Creates an error; `message` should be lower-case and name the file or key.
    public init(
        _ kind: Kind,
        _ message: String,
        hint: String? = nil,
        file: String? = nil,
        line: Int? = nil,
        name: String? = nil,
        cause: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.name = name
        self.cause = cause
    }
}

extension ConfigError {
    /// This error placed at `file:line` (or at `file` when the line is unknown), as a
    /// hand-edited file's problems are reported.
    func located(in file: String, line: Int?) -> ConfigError {
        let place = line.map { "\(file):\($0)" } ?? file
        return ConfigError(kind, "\(place): \(message)", hint: hint, file: file, line: line, name: name, cause: cause)
    }
}
