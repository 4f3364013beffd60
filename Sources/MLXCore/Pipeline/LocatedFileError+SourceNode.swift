extension LocatedFileError {
    /// Creates an error located at `node`.
    init(_ node: SourceNode, _ message: String, hint: String? = nil) {
        self.init(file: node.file, line: node.line, column: node.column, message: message, hint: hint)
    }
}
