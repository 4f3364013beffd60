import MLXCore

/// An error from a git repository operation, with the path or revision it concerns.
///
/// A ``ReportableError``, so the command line prints its message, hint and (with `-v`) cause.
public struct GitError: ReportableError, Equatable {
    /// What kind of failure this is, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// No repository in the folder or any parent.
        case notARepository
        /// A repository without a work tree, which mlx cannot track files in.
        case bareRepository
        /// A rev-spec that names nothing, or something other than a commit.
        case unknownRevision
        /// A path outside the work tree or otherwise unusable.
        case invalidPath
        /// Any other libgit2 failure; `cause` has libgit2's message.
        case library
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// One lower-case line saying what went wrong, naming the path or revision.
    public let message: String
    /// What the user can do about it, when there is something to suggest.
    public let hint: String?
    /// The path the error concerns, if any.
    public let path: String?
    /// The revision the error concerns, if any.
    public let revision: String?
    /// The libgit2 function and message behind the error, for verbose output.
    public let cause: String?

    /// Creates an error; `message` should be lower-case and name what it concerns.
    public init(
        _ kind: Kind,
        _ message: String,
        hint: String? = nil,
        path: String? = nil,
        revision: String? = nil,
        cause: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.path = path
        self.revision = revision
        self.cause = cause
    }
}

extension GitError {
    /// Wraps an unexpected libgit2 failure, saying what mlx was doing when it happened.
    init(_ failure: LibGit2Failure, while doing: String, path: String? = nil, revision: String? = nil) {
        self.init(
            .library,
            "\(doing): \(failure.message)",
            path: path,
            revision: revision,
            cause: failure.description
        )
    }
}
