/// What mlx's operations need from the version-control system that carries the pointer files.
///
/// MLXCore declares it so that core code never imports libgit2; `MLXGit.GitRepository`
/// implements it and tests may substitute their own. Paths are relative to the work tree and
/// `/`-separated; revisions are anything `git rev-parse` accepts.
public protocol SourceControl: Sendable {
    /// Absolute path of the work tree's top folder, without a trailing slash.
    var workTreeRoot: String { get }

    /// The commit `HEAD` points to as lower-case hex, or `nil` on an unborn branch.
    func headCommit() throws -> String?

    /// Resolves a rev-spec (`HEAD~1`, a branch, a tag, an abbreviated oid, …) to a commit oid.
    ///
    /// Throws an error naming `revision` when it is unknown or does not lead to a commit.
    func resolve(revision: String) throws -> String

    /// The bytes of the file at `path` in `revision`, or `nil` when no file is there.
    func readFile(_ path: String, at revision: String) throws -> [UInt8]?

    /// The bytes of each of `paths` in `revision`, in order, `nil` where no file is: one walk of
    /// the tree rather than a lookup per path, for the thousands of pointers a revision may hold.
    func readFiles(_ paths: [String], at revision: String) throws -> [[UInt8]?]

    /// Every file path in the tree of `revision` for which `matching` returns true, sorted.
    func listFiles(at revision: String, matching: (String) -> Bool) throws -> [String]

    /// The distinct commit oids that `scope` names, explicit revisions first.
    func revisions(in scope: RevisionScope) throws -> [String]

    /// The branches or tags whose full ref names match `glob` (`refs/heads/*`, `refs/tags/*`),
    /// with the commits they point to, in ref-name order; refs to trees or blobs are skipped.
    func refTips(matching glob: String) throws -> [RefTip]

    /// The commits reachable from `tips` and from none of `excluded` nor of the refs matching
    /// the globs `excludedRefs`, newest first (`git rev-list TIPS --not EXCLUDED --glob=…`);
    /// revisions unknown here are skipped.
    func commits(from tips: [String], excluding excluded: [String], excludingRefsMatching excludedRefs: [String]) throws -> [String]

    /// Whether git's ignore rules (`.gitignore`, `info/exclude`, `core.excludesFile`) ignore `path`.
    func isIgnored(_ path: String) throws -> Bool

    /// The path in git's index that is `path` or lies under it (`git ls-files PATH`), or nil.
    func trackedPath(at path: String) throws -> String?

    /// The folder git runs hooks from: `core.hooksPath` if set, else the common `hooks` folder.
    var hooksDirectory: String { get throws }
}

extension SourceControl {
    /// One ``readFile(_:at:)`` per path, for implementations where a lookup is cheap.
    public func readFiles(_ paths: [String], at revision: String) throws -> [[UInt8]?] {
        try paths.map { try readFile($0, at: revision) }
    }
}
