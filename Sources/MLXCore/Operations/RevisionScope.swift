/// Which revisions a multi-revision command (`gc`, `fetch --all-commits`, …) looks at.
///
/// The flags mirror `--all-branches`, `--all-tags`, `--all-commits` and `--rev`; `workspace`
/// stands for the files on disk, which have no commit of their own.
public struct RevisionScope: Sendable, Hashable {
    /// The work tree as it is on disk; it adds no commit to ``SourceControl/revisions(in:)``
    /// because callers read those files from disk, not from git.
    public var workspace: Bool
    /// The tip of every local branch (`refs/heads/*`).
    public var allBranches: Bool
    /// The commit every tag (`refs/tags/*`) points to; tags of trees or blobs are skipped.
    public var allTags: Bool
    /// Every commit reachable from any ref or from `HEAD`.
    public var allCommits: Bool
    /// Explicit rev-specs (`HEAD~2`, `v1.0`, an oid, …).
    public var revisions: [String]

    /// Creates a scope; with no arguments it names nothing.
    public init(
        workspace: Bool = false,
        allBranches: Bool = false,
        allTags: Bool = false,
        allCommits: Bool = false,
        revisions: [String] = []
    ) {
        self.workspace = workspace
        self.allBranches = allBranches
        self.allTags = allTags
        self.allCommits = allCommits
        self.revisions = revisions
    }

    /// True when the scope names neither a revision nor the workspace, so a caller such as
    /// `gc` can refuse to act on an implicit, empty scope.
    public var isEmpty: Bool {
        !workspace && !allBranches && !allTags && !allCommits && revisions.isEmpty
    }
}
