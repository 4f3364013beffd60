/// A path mlx refuses or cannot act on, as the user named it: not relative, escaping the
/// project, through a symlink leading out — or, as `TrackingError`, a target that cannot be
/// added, checked out, committed or removed as asked.
public struct PathError: ReportableError, Equatable {
    /// The path as the user can recognise it: exactly as given, or project-relative.
    public var path: String
    /// Lower-case description of the problem.
    public var message: String
    /// What the user can do, where something helps.
    public var hint: String?

    /// Creates an error about `path`.
    public init(path: String, message: String, hint: String? = nil) {
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
