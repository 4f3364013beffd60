/// A user-facing error of the experiment commands: a bad name, an unknown experiment, a taken
/// name, a malformed or unknown parameter override, a workspace that would lose work.
public struct ExperimentError: ReportableError, Equatable {
    /// One lower-case line naming the experiment, override or file concerned.
    public let message: String
    /// What the user can do about it.
    public let hint: String?

    /// Creates an error.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
