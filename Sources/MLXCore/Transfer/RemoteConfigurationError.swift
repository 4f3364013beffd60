/// A remote whose configuration cannot be used.
public struct RemoteConfigurationError: ReportableError, Equatable {
    public let remote: String
    public let message: String
    public let hint: String?

    public init(remote: String, message: String, hint: String? = nil) {
        self.remote = remote
        self.message = message
        self.hint = hint
    }

    public var description: String { remote.isEmpty ? message : "remote '\(remote)': \(message)" }
}
