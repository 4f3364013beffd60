internal import CGit2
import MLXCore

extension GitRepository {
    /// The distinct commit oids that `scope` names: explicit revisions first, then branch tips
    /// and tagged commits in ref-name order, then every commit reachable from any ref or `HEAD`
    /// (`git_revwalk_push_glob`), newest first. The workspace adds no commit.
    ///
    /// - Throws: ``GitError`` `.unknownRevision` naming the first explicit revision that is unknown.
    public func revisions(in scope: RevisionScope) throws -> [String] {
        try handle.withLock { repo in
            var seen = Set<String>()
            var result: [String] = []
            func add(_ oid: String) {
                if seen.insert(oid).inserted { result.append(oid) }
            }
            for revision in scope.revisions {
                add(try withCommit(revision, in: repo) { git_object_id($0).pointee.hex })
            }
            if scope.allBranches {
                try refTips(matching: "refs/heads/*", in: repo).map(\.commit).forEach(add)
            }
            if scope.allTags {
                try refTips(matching: "refs/tags/*", in: repo).map(\.commit).forEach(add)
            }
            if scope.allCommits {
                try allReachableCommits(in: repo).forEach(add)
            }
            return result
        }
    }

    /// The commits reachable from `tips` and from none of `excluded` nor of the refs matching
    /// `excludedRefs` (globs such as `refs/remotes/origin/*`), newest first — what
    /// `git rev-list TIPS --not EXCLUDED --glob=GLOB` prints. This is what a push sends: the
    /// pre-push hook names the new tips, the remote's old tips and the remote's tracking refs.
    /// Tips and exclusions that are unknown here or name no commit (a remote commit never
    /// fetched, a tag of a blob) are skipped.
    public func commits(from tips: [String], excluding excluded: [String], excludingRefsMatching excludedRefs: [String]) throws -> [String] {
        try handle.withLock { repo in
            func commitOID(_ revision: String) -> git_oid? {
                try? withCommit(revision, in: repo) { git_object_id($0).pointee }
            }
            var walk: OpaquePointer?
            defer { git_revwalk_free(walk) }
            var pushed = 0
            do {
                try check(git_revwalk_new(&walk, repo.pointer), "git_revwalk_new")
                try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
                for tip in tips {
                    guard var oid = commitOID(tip) else { continue }
                    try check(git_revwalk_push(walk, &oid), "git_revwalk_push")
                    pushed += 1
                }
                for revision in excluded {
                    guard var oid = commitOID(revision) else { continue }
                    try check(git_revwalk_hide(walk, &oid), "git_revwalk_hide")
                }
                for glob in excludedRefs {
                    try check(git_revwalk_hide_glob(walk, glob), "git_revwalk_hide_glob")
                }
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot walk the history of \(workTreeRoot)")
            }
            guard pushed > 0 else { return [] }
            return try drain(walk)
        }
    }

    /// The branches or tags whose full names match `glob`, with the commits they peel to, in
    /// ref-name order, named without `refs/heads/` or `refs/tags/`. Refs to trees or blobs (a tag
    /// of a blob, say) are skipped because they hold no pointer files.
    public func refTips(matching glob: String) throws -> [RefTip] {
        try handle.withLock { try refTips(matching: glob, in: $0) }
    }

    func refTips(matching glob: String, in repo: RepositoryHandle) throws -> [RefTip] {
        var iterator: OpaquePointer?
        do {
            try check(git_reference_iterator_glob_new(&iterator, repo.pointer, glob), "git_reference_iterator_glob_new")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot list \(glob) in \(workTreeRoot)")
        }
        defer { git_reference_iterator_free(iterator) }
        var found: [(name: String, oid: String)] = []
        while true {
            var reference: OpaquePointer?
            do {
                try check(git_reference_next(&reference, iterator), "git_reference_next")
            } catch let failure as LibGit2Failure {
                if failure.code == GIT_ITEROVER.rawValue { break }
                throw GitError(failure, while: "cannot list \(glob) in \(workTreeRoot)")
            }
            defer { git_reference_free(reference) }
            var commit: OpaquePointer?
            guard git_reference_peel(&commit, reference, GIT_OBJECT_COMMIT) == 0 else { continue }
            defer { git_object_free(commit) }
            found.append((String(cString: git_reference_name(reference)), git_object_id(commit).pointee.hex))
        }
        return found.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }.map { ref in
            let short = ["refs/heads/", "refs/tags/"].first { ref.name.hasPrefix($0) }.map { String(ref.name.dropFirst($0.count)) }
            return RefTip(name: short ?? ref.name, commit: ref.oid)
        }
    }

    /// Every commit reachable from any ref or from `HEAD`, like `git rev-list --all`.
    private func allReachableCommits(in repo: RepositoryHandle) throws -> [String] {
        var walk: OpaquePointer?
        defer { git_revwalk_free(walk) }
        do {
            try check(git_revwalk_new(&walk, repo.pointer), "git_revwalk_new")
            try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
            // Globbed refs that point to trees or blobs are skipped by libgit2 itself.
            try check(git_revwalk_push_glob(walk, "refs/*"), "git_revwalk_push_glob")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot walk the history of \(workTreeRoot)")
        }
        // A detached HEAD adds commits no ref reaches; an unborn one adds nothing, and
        // git_revwalk_push_head reports it only as a generic error, so ask first.
        if git_repository_head_unborn(repo.pointer) != 1 {
            do {
                try check(git_revwalk_push_head(walk), "git_revwalk_push_head")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot walk the history of \(workTreeRoot)", revision: "HEAD")
            }
        }
        return try drain(walk)
    }

    /// The commits a prepared revision walk yields, in its order.
    private func drain(_ walk: OpaquePointer?) throws -> [String] {
        var commits: [String] = []
        var oid = git_oid()
        while true {
            do {
                try check(git_revwalk_next(&oid, walk), "git_revwalk_next")
            } catch let failure as LibGit2Failure {
                if failure.code == GIT_ITEROVER.rawValue { break }
                throw GitError(failure, while: "cannot walk the history of \(workTreeRoot)")
            }
            commits.append(oid.hex)
        }
        return commits
    }
}
