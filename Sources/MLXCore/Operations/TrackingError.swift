/// A target that cannot be added, checked out, committed or removed as asked.
public struct TrackingError: ReportableError, Equatable {
    /// The path the user named, as they can recognise it (project-relative where known).
    public var path: String
    public var message: String
    public var hint: String?

    public init(path: String, message: String, hint: String? = nil) {
        self.path = path
        self.message = message
        self.hint = hint
    }

    public var description: String { "\(path): \(message)" }
}
