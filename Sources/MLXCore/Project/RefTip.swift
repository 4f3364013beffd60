/// A branch or tag and the commit it points to (peeled through annotated tags).
public struct RefTip: Sendable, Equatable {
    /// The short name: `main` for `refs/heads/main`, `v1` for `refs/tags/v1`.
    public let name: String
    /// The commit oid, lower-case hex.
    public let commit: String

    public init(name: String, commit: String) {
        self.name = name
        self.commit = commit
    }
}
