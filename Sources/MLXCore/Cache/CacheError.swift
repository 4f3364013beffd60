/// A cache problem: a missing or corrupt object, a size mismatch, an unusable link type.
public struct CacheError: ReportableError, Equatable {
    /// What the error is about: an oid, a workspace path, or a config key such as `cache.type`.
    public var subject: String
    /// The object concerned, when there is one.
    public var oid: ObjectID?
    /// Lower-case description of the problem.
    public var message: String
    /// What the user can do, where something helps.
    public var hint: String?

    /// Creates an error.
    public init(subject: String, oid: ObjectID? = nil, message: String, hint: String? = nil) {
        self.subject = subject
        self.oid = oid
        self.message = message
        self.hint = hint
    }

    /// `subject: message`.
    public var description: String { "\(subject): \(message)" }
}
