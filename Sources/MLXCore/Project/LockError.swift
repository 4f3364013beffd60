/// The project lock could not be taken, naming the process that holds it when known.
public struct LockError: ReportableError, Equatable {
    /// The lock file.
    public var path: String
    /// Process id of the holder, as it wrote it into the lock file.
    public var holderPID: Int32?
    /// The holder's command, as it wrote it into the lock file.
    public var holderCommand: String?
    /// Lower-case description of the problem.
    public var message: String
    /// What the user can do, where something helps.
    public var hint: String?

    /// Creates an error.
    public init(path: String, holderPID: Int32? = nil, holderCommand: String? = nil, message: String, hint: String? = nil) {
        self.path = path
        self.holderPID = holderPID
        self.holderCommand = holderCommand
        self.message = message
        self.hint = hint
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
