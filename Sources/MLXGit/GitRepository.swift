import Foundation
internal import CGit2
import MLXCore
import Synchronization

/// A git repository with a work tree, read through libgit2; mlx's ``SourceControl``.
///
/// One `git_repository` handle serves every call; a lock serialises them because libgit2
/// handles must not be used from two threads at once.
public final class GitRepository: SourceControl {
    /// Absolute path of the work tree's top folder, without a trailing slash.
    public let workTreeRoot: String
    /// The folder shared by all worktrees of the repository (`git_repository_commondir`),
    /// without a trailing slash: where `hooks/`, `config` and the objects live.
    public let commonDirectory: String

    let handle: Mutex<RepositoryHandle>

    init(handle: sending RepositoryHandle, workTreeRoot: String, commonDirectory: String) {
        self.handle = Mutex(handle)
        self.workTreeRoot = workTreeRoot
        self.commonDirectory = commonDirectory
    }

    /// Finds the repository that contains `path` by looking in it and then in each parent
    /// (`git_repository_discover`), and opens it (`git_repository_open`).
    ///
    /// - Throws: ``GitError`` `.notARepository` when no parent up to `/` holds one, and
    ///   `.bareRepository` when the repository has no work tree.
    ///   A repository owned by another user is refused, as git refuses it, with a hint naming
    ///   `safe.directory`.
    public static func discover(from path: String) throws -> GitRepository {
        GitLibrary.initialize()
        let start = absolute(path)
        var found = git_buf()
        defer { git_buf_dispose(&found) }
        do {
            try check(git_repository_discover(&found, start, 0, nil), "git_repository_discover")
        } catch let failure as LibGit2Failure {
            if failure.isNotFound {
                throw GitError(
                    .notARepository,
                    "not inside a git repository (or any parent up to /): \(start)",
                    hint: "run `git init` in the project folder first",
                    path: start,
                    cause: failure.description
                )
            }
            throw GitError(failure, while: "cannot look for a git repository from \(start)", path: start)
        }
        guard let gitPath = found.string else {
            throw GitError(.notARepository, "not inside a git repository (or any parent up to /): \(start)", path: start)
        }

        var pointer: OpaquePointer?
        do {
            try check(git_repository_open(&pointer, gitPath), "git_repository_open")
        } catch let failure as LibGit2Failure {
            if failure.code == GIT_EOWNER.rawValue {
                let root = withoutTrailingSlash(gitPath).replacingOccurrences(of: "/.git", with: "", options: [.anchored, .backwards])
                throw GitError(
                    .library,
                    "the git repository at \(root) belongs to another user",
                    hint: "if you trust it, run `git config --global --add safe.directory \(root)`",
                    path: root,
                    cause: failure.description
                )
            }
            throw GitError(failure, while: "cannot open the git repository at \(gitPath)", path: gitPath)
        }
        guard let pointer else {
            throw GitError(.library, "cannot open the git repository at \(gitPath)", path: gitPath)
        }
        let handle = RepositoryHandle(pointer)
        guard git_repository_is_bare(pointer) == 0, let workdir = git_repository_workdir(pointer) else {
            throw GitError(
                .bareRepository,
                "the git repository at \(withoutTrailingSlash(gitPath)) is bare and has no work tree",
                hint: "clone it and run mlx in the clone",
                path: gitPath
            )
        }
        let common = git_repository_commondir(pointer).map { String(cString: $0) } ?? gitPath
        return GitRepository(
            handle: handle,
            workTreeRoot: withoutTrailingSlash(String(cString: workdir)),
            commonDirectory: withoutTrailingSlash(common)
        )
    }

    /// Whether `path` lies in the work tree of a (non-bare) git repository, as
    /// `git rev-parse --is-inside-work-tree` would say; never throws.
    public static func isInsideWorkTree(_ path: String) -> Bool {
        guard let repository = try? discover(from: path) else { return false }
        let resolved = URL(fileURLWithPath: absolute(path)).resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: repository.workTreeRoot).resolvingSymlinksInPath().path
        guard resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") else { return false }
        // A path inside `.git` belongs to the repository but not to its work tree.
        let relative = resolved.dropFirst(root.count).split(separator: "/")
        return relative.first != ".git"
    }

    /// The root of the work tree that contains `path`, or `nil` when no repository does;
    /// what `mlx init` uses as its ``ProjectInitializer/WorkTreeLocator``.
    ///
    /// - Throws: the ``GitError`` of ``discover(from:)`` for anything but "no repository": a
    ///   bare repository, one owned by another user, a libgit2 failure.
    @Sendable
    public static func workTreeRoot(containing path: String) throws -> String? {
        do {
            return try discover(from: path).workTreeRoot
        } catch let error as GitError where error.kind == .notARepository {
            return nil
        }
    }

    /// The commit `HEAD` points to (`git_repository_head`), or `nil` on an unborn branch.
    public func headCommit() throws -> String? {
        try handle.withLock { repo in
            var reference: OpaquePointer?
            do {
                try check(git_repository_head(&reference, repo.pointer), "git_repository_head")
            } catch let failure as LibGit2Failure {
                if failure.code == GIT_EUNBORNBRANCH.rawValue || failure.isNotFound { return nil }
                throw GitError(failure, while: "cannot read HEAD in \(workTreeRoot)", revision: "HEAD")
            }
            defer { git_reference_free(reference) }
            var commit: OpaquePointer?
            do {
                try check(git_reference_peel(&commit, reference, GIT_OBJECT_COMMIT), "git_reference_peel")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "HEAD does not point to a commit", revision: "HEAD")
            }
            defer { git_object_free(commit) }
            return git_object_id(commit).pointee.hex
        }
    }

    /// Resolves a rev-spec to a commit oid (`git_revparse_single`, then `git_object_peel`).
    ///
    /// - Throws: ``GitError`` `.unknownRevision` naming `revision` when it names nothing or
    ///   something other than a commit (annotated tags are followed to their commit).
    public func resolve(revision: String) throws -> String {
        try handle.withLock { repo in
            try withCommit(revision, in: repo) { git_object_id($0).pointee.hex }
        }
    }

    /// Whether git would ignore `path` (`git_ignore_path_is_ignored`), as `git check-ignore`.
    ///
    /// `path` is relative to the work tree or absolute inside it; a trailing `/` asks about a
    /// folder that does not exist yet.
    public func isIgnored(_ path: String) throws -> Bool {
        var relative = try relativePath(path)
        if path.hasSuffix("/") && !relative.isEmpty { relative += "/" }
        return try handle.withLock { repo in
            var ignored: Int32 = 0
            do {
                try check(git_ignore_path_is_ignored(&ignored, repo.pointer, relative), "git_ignore_path_is_ignored")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot check whether \(relative) is ignored", path: relative)
            }
            return ignored != 0
        }
    }

    /// The folder git runs hooks from: `core.hooksPath` (with `~` expanded, relative to the work
    /// tree) if set, else `hooks` in the common git folder, which linked worktrees share.
    public var hooksDirectory: String {
        get throws {
            let configured: String? = try handle.withLock { repo in
                var snapshot: OpaquePointer?
                do {
                    try check(git_repository_config_snapshot(&snapshot, repo.pointer), "git_repository_config_snapshot")
                } catch let failure as LibGit2Failure {
                    throw GitError(failure, while: "cannot read the git configuration of \(workTreeRoot)")
                }
                defer { git_config_free(snapshot) }
                var value = git_buf()
                defer { git_buf_dispose(&value) }
                do {
                    try check(git_config_get_path(&value, snapshot, "core.hooksPath"), "git_config_get_path")
                } catch let failure as LibGit2Failure {
                    if failure.isNotFound { return nil }
                    throw GitError(failure, while: "cannot read core.hooksPath in \(workTreeRoot)")
                }
                return value.string
            }
            guard let configured, !configured.isEmpty else { return commonDirectory + "/hooks" }
            // Git runs hooks from the top of the work tree, so that is what a relative path means.
            let path = configured.hasPrefix("/") ? configured : workTreeRoot + "/" + configured
            return Self.withoutTrailingSlash(URL(fileURLWithPath: path).standardizedFileURL.path)
        }
    }
}

extension GitRepository {
    /// The ref of the experiment called `name` (`refs/exps/AB/CDEF…/NAME`): as in DVC, an
    /// experiment's name stands for its commit wherever a revision is asked for (`metrics diff`,
    /// `params diff`, `plots diff`, …). Nil when `name` cannot be an experiment name or none has it.
    func experimentRef(named name: String, in repo: RepositoryHandle) -> String? {
        guard (try? ExperimentName(name)) != nil,
              let tips = try? refTips(matching: "refs/exps/*/*/" + name, in: repo) else { return nil }
        return tips.first { $0.name.hasSuffix("/" + name) }?.name
    }

    /// Runs `body` with the commit `revision` names (or the experiment of that name), freeing it
    /// afterwards; caller holds the lock.
    func withCommit<Result>(
        _ revision: String,
        in repo: RepositoryHandle,
        _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        var object: OpaquePointer?
        do {
            try check(git_revparse_single(&object, repo.pointer, revision), "git_revparse_single")
        } catch let failure as LibGit2Failure {
            let known = [GIT_ENOTFOUND, GIT_EAMBIGUOUS, GIT_EINVALIDSPEC, GIT_EUNBORNBRANCH].map(\.rawValue)
            guard known.contains(failure.code) else {
                throw GitError(failure, while: "cannot resolve revision '\(revision)'", revision: revision)
            }
            if failure.code == GIT_ENOTFOUND.rawValue, let experiment = experimentRef(named: revision, in: repo) {
                return try withCommit(experiment, in: repo, body)
            }
            let ambiguous = failure.code == GIT_EAMBIGUOUS.rawValue
            throw GitError(
                .unknownRevision,
                ambiguous ? "ambiguous revision '\(revision)'" : "unknown revision '\(revision)'",
                hint: ambiguous
                    ? "give more hex digits or the full ref name"
                    : "check it with `git rev-parse \(revision)`; a branch without commits has no revision yet",
                revision: revision,
                cause: failure.description
            )
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        do {
            try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
        } catch let failure as LibGit2Failure {
            throw GitError(
                .unknownRevision,
                "revision '\(revision)' does not name a commit",
                revision: revision,
                cause: failure.description
            )
        }
        defer { git_object_free(commit) }
        guard let commit else {
            throw GitError(.unknownRevision, "revision '\(revision)' does not name a commit", revision: revision)
        }
        return try body(commit)
    }

    /// `path` relative to the work tree, `/`-separated, with `.` and `..` resolved.
    ///
    /// - Throws: ``GitError`` `.invalidPath` for a path that leaves the work tree.
    func relativePath(_ path: String) throws -> String {
        var input = Substring(path)
        if path.hasPrefix("/") {
            let root = workTreeRoot
            if path == root {
                input = ""
            } else if path.hasPrefix(root + "/") {
                input = path.dropFirst(root.count + 1)
            } else {
                throw GitError(.invalidPath, "\(path) is outside the work tree \(root)", path: path)
            }
        }
        var parts: [Substring] = []
        for part in input.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                guard !parts.isEmpty else {
                    throw GitError(.invalidPath, "\(path) is outside the work tree \(workTreeRoot)", path: path)
                }
                parts.removeLast()
            default:
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    static func withoutTrailingSlash(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
