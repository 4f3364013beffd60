/// A commit and the names multi-revision output shows it under: the branches and tags that
/// point to it (`main,v1`, as DVC joins them), or its oid when none was asked for.
public struct NamedRevision: Sendable, Equatable {
    /// The commit oid, lower-case hex.
    public let commit: String
    /// Branch and tag names, in name order; empty for a commit reached only by `--all-commits`.
    public var names: [String]

    public init(commit: String, names: [String]) {
        self.commit = commit
        self.names = names
    }

    /// How output names the revision: its names joined by `,`, else the full oid (as DVC).
    public var label: String {
        names.isEmpty ? commit : names.joined(separator: ",")
    }

    /// A rev-spec that resolves to the commit, for messages and hints (`mlx fetch --rev main`).
    public var revision: String {
        names.first ?? commit
    }
}
