/// Something a registry command (`list`, `get`, `import`, `import-url`, `update`) cannot do,
/// naming the repository or source and the path it concerns.
public struct RegistryError: ReportableError, Equatable {
    /// The repository URL or source the error concerns.
    public var source: String
    /// Lower-case description of the problem, naming the path where there is one.
    public var message: String
    public var hint: String?

    /// Creates an error about `source`.
    public init(source: String, message: String, hint: String? = nil) {
        self.source = source
        self.message = message
        self.hint = hint
    }

    /// `source: message`.
    public var description: String { "\(source): \(message)" }
}
