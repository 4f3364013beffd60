/// A pointer file that mlx cannot read, located to the line and column where that is known.
public struct PointerError: ReportableError, Equatable {
    /// The pointer file, as the user would name it.
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

    /// `file:line:column: message`, or `file: message` without a location.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(file):\(line):\(column): \(message)"
        case let (line?, nil): return "\(file):\(line): \(message)"
        default: return "\(file): \(message)"
        }
    }
}
