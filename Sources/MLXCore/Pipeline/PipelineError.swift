/// A pipeline, lock, params or metrics file that mlx cannot use, located to the line and
/// column where that is known (`mlx.yaml:12:7: unknown key `outz``).
public struct PipelineError: ReportableError, Equatable {
    /// The file, project-relative as the user would name it.
    public var file: String
    /// 1-based line, when the problem has a place in the file.
    public var line: Int?
    /// 1-based column (in Unicode scalars), when the problem has a place in the file.
    public var column: Int?
    /// Lower-case description of the problem.
    public var message: String
    /// What the user can do, where something helps.
    public var hint: String?

    /// Creates an error about `file`.
    public init(file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// Creates an error located at `node`.
    init(_ node: SourceNode, _ message: String, hint: String? = nil) {
        self.init(file: node.file, line: node.line, column: node.column, message: message, hint: hint)
    }

    /// `file:line:column: message`, or `file: message` without a location.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(file):\(line):\(column): \(message)"
        case let (line?, nil): return "\(file):\(line): \(message)"
        default: return "\(file): \(message)"
        }
    }
}

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
