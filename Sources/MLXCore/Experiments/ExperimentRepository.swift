import Foundation

/// The git plumbing experiments need beyond ``SourceControl``: commits written from a work
/// tree without touching the user's index, `HEAD` or branch, and refs outside `refs/heads`.
///
/// MLXCore declares it so that ``ExperimentStore`` never imports libgit2; `MLXGit.GitRepository`
/// implements it. Oids are 40 lower-case hex digits.
public protocol ExperimentRepository: SourceControl {
    /// Writes the tree of the work tree at `workTree` (this repository's or one of its linked
    /// worktrees'): the files of its index with every changed, new or deleted file that git
    /// would track (`.gitignore` honoured), as `git add -A && git write-tree` would, but with
    /// an index held in memory only. Returns the tree's oid.
    func writeTree(ofWorkTree workTree: String) throws -> String

    /// Writes a commit of `tree` with `parents` and `message`, authored and committed now by
    /// the configured user; no ref moves. Returns its oid.
    func createCommit(tree: String, parents: [String], message: String) throws -> String

    /// The tree, parents and time of the commit `oid`.
    func commitSummary(_ oid: String) throws -> CommitSummary

    /// Every ref whose full name starts with `prefix` (`refs/exps/`), with the commit it
    /// points to, in ref-name order.
    func references(withPrefix prefix: String) throws -> [RefTip]

    /// Points the ref `name` at `commit`, written atomically (a lock file renamed into place).
    /// Without `force` an existing ref of that name is an error.
    func setReference(_ name: String, to commit: String, force: Bool) throws

    /// Deletes the ref `name`; a missing one is not an error.
    func deleteReference(_ name: String) throws

    /// The files that differ between the trees of commits `from` and `to`, path-sorted.
    func changedFiles(from: String, to: String) throws -> [TreeChange]

    /// Creates the branch `name` (`refs/heads/NAME`) at `commit`; an existing branch is an error.
    func createBranch(_ name: String, at commit: String) throws
}

/// What ``ExperimentRepository/commitSummary(_:)`` tells about a commit.
public struct CommitSummary: Sendable, Equatable {
    /// The commit's oid.
    public let oid: String
    /// The oid of its tree.
    public let tree: String
    /// The oids of its parents, first parent first.
    public let parents: [String]
    /// When it was committed.
    public let time: Date
    /// Its message, as written.
    public let message: String

    /// Creates a summary.
    public init(oid: String, tree: String, parents: [String], time: Date, message: String) {
        self.oid = oid
        self.tree = tree
        self.parents = parents
        self.time = time
        self.message = message
    }
}

/// One file that differs between two trees.
public struct TreeChange: Sendable, Equatable {
    /// Path relative to the work tree, `/`-separated.
    public let path: String
    /// Whether the file is gone in the second tree.
    public let isDeleted: Bool
    /// Whether the file is executable in the second tree.
    public let isExecutable: Bool
    /// Whether the entry is a symbolic link in the second tree (its blob holds the target).
    public let isSymbolicLink: Bool

    /// Creates a change.
    public init(path: String, isDeleted: Bool, isExecutable: Bool, isSymbolicLink: Bool = false) {
        self.path = path
        self.isDeleted = isDeleted
        self.isExecutable = isExecutable
        self.isSymbolicLink = isSymbolicLink
    }
}
