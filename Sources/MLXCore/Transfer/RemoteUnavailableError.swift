/// A transfer batch stopped because the remote failed too many transfers in a row, each after
/// its retries: a server that died mid-push would otherwise be tried object by object, for
/// hours, with one error per object. What was transferred before stays.
public struct RemoteUnavailableError: ReportableError {
    /// The remote's display name (`'storage' (s3://bucket)`).
    public var remote: String
    /// The last failure, as the remote reported it.
    public var cause: String
    /// Transfers that failed in a row.
    public var consecutiveFailures: Int
    /// Objects the batch did not move.
    public var unsent: Int
    /// What did not happen to them: `sent`, `fetched`, `checked`.
    public var verb: String

    public init(remote: String, cause: String, consecutiveFailures: Int, unsent: Int, verb: String = "transferred") {
        self.remote = remote
        self.cause = cause
        self.consecutiveFailures = consecutiveFailures
        self.unsent = unsent
        self.verb = verb
    }

    public var message: String {
        "remote \(remote) stopped answering (\(consecutiveFailures) transfers in a row failed; last: \(cause)); "
            + "\(unsent) object\(unsent == 1 ? "" : "s") not \(verb)"
    }

    public var hint: String? {
        "what was transferred is kept; run the command again to resume once the remote answers"
    }
}
