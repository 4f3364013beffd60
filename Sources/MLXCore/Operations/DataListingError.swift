/// A revision or path that `mlx ls` or `mlx diff` cannot list, naming it.
public struct DataListingError: ReportableError, Equatable {
    /// The revision concerned, as the user spelled it, when there is one.
    public var revision: String?
    /// Lower-case description of the problem, naming the revision or path.
    public var message: String
    /// What the user can do, where something helps.
    public var hint: String?
    /// The underlying failure, shown with `-v`.
    public var cause: String?

    /// Creates an error.
    public init(revision: String?, message: String, hint: String? = nil, cause: String? = nil) {
        self.revision = revision
        self.message = message
        self.hint = hint
        self.cause = cause
    }

    /// Wraps what the version-control system said about `revision`, keeping its words (which
    /// already name the revision, such as "unknown revision 'v9'") and adding a hint, since
    /// errors from other modules need not carry one.
    init(revision: String, underlying: any Error) {
        let text = String(describing: underlying)
        let quoted = "'\(revision)'"
        self.init(
            revision: revision,
            message: text.contains(quoted) ? text : "revision \(quoted): \(text)",
            hint: (underlying as? any ReportableError)?.hint
                ?? "check it with `git rev-parse \(revision)`; `git log --oneline` lists commits",
            cause: (underlying as? any ReportableError)?.cause)
    }
}
