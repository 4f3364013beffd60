/// A stage that could not be brought up to date: its command failed, an input is missing,
/// or its outputs could not be recorded.
public struct StageError: ReportableError, Equatable {
    /// The stage's (expanded) name.
    public var stage: String
    /// Lower-case description, completing "stage 'x' …".
    public var message: String
    public var hint: String?

    public init(stage: String, message: String, hint: String? = nil) {
        self.stage = stage
        self.message = message
        self.hint = hint
    }

    /// `stage 'train' failed: command exited with status 2`.
    public var description: String { "stage '\(stage)' \(message)" }
}
