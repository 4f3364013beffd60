/// A file mlx cannot use as it is — a pointer, `mlx.yaml`, `mlx.lock`, a params or metrics
/// file — located to the line and column where that is known (`mlx.yaml:12:7: unknown key `outz``).
///
/// `PointerError` and `PipelineError` name it where it is thrown, so signatures say which kind
/// of file a function reads.
public struct LocatedFileError: ReportableError, Equatable {
    /// The file, as the user would name it (project-relative where known).
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
