/// A path that mlx refuses: not relative, escaping the project, or through a symlink leading out.
public struct PathError: ReportableError, Equatable {
    /// The offending path exactly as it was given.
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
