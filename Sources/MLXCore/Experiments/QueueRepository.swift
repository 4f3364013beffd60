/// The git plumbing the experiment queue needs beyond ``ExperimentRepository``: commits built
/// from another commit with some files replaced, and temporary work trees to run them in.
///
/// MLXCore declares it so the queue never imports libgit2; `MLXGit.GitRepository` implements it.
public protocol QueueRepository: ExperimentRepository {
    /// The tree of `workTree` as ``ExperimentRepository/writeTree(ofWorkTree:)`` writes it, with
    /// the files of `replacing` (paths relative to the work tree's root) given those contents.
    func writeTree(ofWorkTree workTree: String, replacing: [String: [UInt8]]) throws -> String

    /// Makes `path` (which must not exist) a linked work tree of this repository with `commit`
    /// checked out on a detached `HEAD`, as `git worktree add --detach` does.
    func addWorktree(at path: String, commit: String) throws

    /// Deletes the linked work tree at `path` and git's record of it; nothing there is fine.
    func removeWorktree(at path: String) throws
}
