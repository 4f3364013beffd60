import Foundation
internal import CGit2
import MLXCore

extension GitRepository: ExperimentRepository {
    /// Builds the tree as `git add -A && git write-tree` would in `workTree`, with the index
    /// loaded into a repository handle of its own that is dropped unwritten
    /// (`git_index_add_all`, `git_index_update_all`, `git_index_write_tree`).
    ///
    /// Starting from the work tree's index rather than from `HEAD`'s tree keeps the index's
    /// stat data, so only files whose size or times changed are hashed again: a project
    /// tracking 10,000 pointer files is not read in full for every experiment.
    public func writeTree(ofWorkTree workTree: String) throws -> String {
        GitLibrary.initialize()
        var pointer: OpaquePointer?
        do {
            try check(git_repository_open(&pointer, workTree), "git_repository_open")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot open the work tree \(workTree)", path: workTree)
        }
        defer { git_repository_free(pointer) }
        var index: OpaquePointer?
        do {
            try check(git_repository_index(&index, pointer), "git_repository_index")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot read git's index in \(workTree)", path: workTree)
        }
        defer { git_index_free(index) }
        var tree = git_oid()
        do {
            try check(git_index_add_all(index, nil, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil), "git_index_add_all")
            try check(git_index_update_all(index, nil, nil, nil), "git_index_update_all")
            try check(git_index_write_tree(&tree, index), "git_index_write_tree")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot record the files of \(workTree)", path: workTree)
        }
        return tree.hex
    }

    /// Writes a commit without moving any ref (`git_commit_create` with no ref name). The
    /// signature is git's configured user (`git_signature_default`), or `mlx` when none is set,
    /// so that saving an experiment never fails on a machine without `user.name`.
    public func createCommit(tree: String, parents: [String], message: String) throws -> String {
        try handle.withLock { repo in
            var signature: UnsafeMutablePointer<git_signature>?
            if git_signature_default(&signature, repo.pointer) < 0 {
                do {
                    try check(git_signature_now(&signature, "mlx", "mlx@localhost"), "git_signature_now")
                } catch let failure as LibGit2Failure {
                    throw GitError(failure, while: "cannot sign a commit")
                }
            }
            defer { git_signature_free(signature) }
            var treeID = try objectID(tree)
            var treeObject: OpaquePointer?
            do {
                try check(git_tree_lookup(&treeObject, repo.pointer, &treeID), "git_tree_lookup")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot read tree \(tree)")
            }
            defer { git_tree_free(treeObject) }
            var parentObjects: [OpaquePointer?] = []
            defer { parentObjects.forEach { git_commit_free($0) } }
            for parent in parents {
                var parentID = try objectID(parent)
                var commit: OpaquePointer?
                do {
                    try check(git_commit_lookup(&commit, repo.pointer, &parentID), "git_commit_lookup")
                } catch let failure as LibGit2Failure {
                    throw GitError(failure, while: "cannot read commit \(parent)", revision: parent)
                }
                parentObjects.append(commit)
            }
            var created = git_oid()
            let count = parentObjects.count
            try parentObjects.withUnsafeMutableBufferPointer { buffer in
                do {
                    try check(git_commit_create(&created, repo.pointer, nil, signature, signature, nil, message, treeObject,
                                                count, buffer.baseAddress), "git_commit_create")
                } catch let failure as LibGit2Failure {
                    throw GitError(failure, while: "cannot write a commit")
                }
            }
            return created.hex
        }
    }

    /// Reads a commit's tree, parents, time and message (`git_commit_lookup`).
    public func commitSummary(_ oid: String) throws -> CommitSummary {
        try handle.withLock { repo in
            var id = try objectID(oid)
            var commit: OpaquePointer?
            do {
                try check(git_commit_lookup(&commit, repo.pointer, &id), "git_commit_lookup")
            } catch let failure as LibGit2Failure {
                throw GitError(.unknownRevision, "commit \(oid) is not in the repository", revision: oid, cause: failure.description)
            }
            defer { git_commit_free(commit) }
            let parents = (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0)?.pointee.hex }
            return CommitSummary(
                oid: oid,
                tree: git_commit_tree_id(commit).pointee.hex,
                parents: parents,
                time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))),
                message: git_commit_message(commit).map { String(cString: $0) } ?? ""
            )
        }
    }

    /// The refs under `prefix` with the commits they peel to (`git_reference_iterator_glob_new`).
    public func references(withPrefix prefix: String) throws -> [RefTip] {
        try refTips(matching: prefix + "*").filter { $0.name.hasPrefix(prefix) }
    }

    /// Creates or moves a ref (`git_reference_create`); libgit2 writes it to a lock file and
    /// renames that into place, so a killed process leaves the old ref or the new one.
    public func setReference(_ name: String, to commit: String, force: Bool) throws {
        try handle.withLock { repo in
            var id = try objectID(commit)
            var reference: OpaquePointer?
            do {
                try check(git_reference_create(&reference, repo.pointer, name, &id, force ? 1 : 0, "mlx: \(name)"), "git_reference_create")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot write ref \(name)", revision: name)
            }
            git_reference_free(reference)
        }
    }

    /// Deletes a ref (`git_reference_remove`); nothing to delete is fine.
    public func deleteReference(_ name: String) throws {
        try handle.withLock { repo in
            do {
                try check(git_reference_remove(repo.pointer, name), "git_reference_remove")
            } catch let failure as LibGit2Failure {
                if failure.isNotFound { return }
                throw GitError(failure, while: "cannot delete ref \(name)", revision: name)
            }
        }
    }

    /// Diffs the two commits' trees (`git_diff_tree_to_tree`), renames not detected.
    public func changedFiles(from: String, to: String) throws -> [TreeChange] {
        try handle.withLock { repo in
            try withCommit(from, in: repo) { old in
                try withCommit(to, in: repo) { new in
                    var oldTree: OpaquePointer?
                    var newTree: OpaquePointer?
                    var diff: OpaquePointer?
                    defer {
                        git_diff_free(diff)
                        git_tree_free(newTree)
                        git_tree_free(oldTree)
                    }
                    do {
                        try check(git_commit_tree(&oldTree, old), "git_commit_tree")
                        try check(git_commit_tree(&newTree, new), "git_commit_tree")
                        try check(git_diff_tree_to_tree(&diff, repo.pointer, oldTree, newTree, nil), "git_diff_tree_to_tree")
                    } catch let failure as LibGit2Failure {
                        throw GitError(failure, while: "cannot compare \(from) with \(to)", revision: to)
                    }
                    var changes: [TreeChange] = []
                    for position in 0..<git_diff_num_deltas(diff) {
                        guard let delta = git_diff_get_delta(diff, position)?.pointee else { continue }
                        let deleted = delta.status == GIT_DELTA_DELETED
                        let file = deleted ? delta.old_file : delta.new_file
                        guard let path = file.path else { continue }
                        changes.append(TreeChange(path: String(cString: path), isDeleted: deleted,
                                                  isExecutable: file.mode == UInt16(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue),
                                                  isSymbolicLink: file.mode == UInt16(GIT_FILEMODE_LINK.rawValue)))
                    }
                    return changes.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
                }
            }
        }
    }

    /// Creates a branch (`git_branch_create`, not forced).
    public func createBranch(_ name: String, at commit: String) throws {
        try handle.withLock { repo in
            var id = try objectID(commit)
            var target: OpaquePointer?
            do {
                try check(git_commit_lookup(&target, repo.pointer, &id), "git_commit_lookup")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot read commit \(commit)", revision: commit)
            }
            defer { git_commit_free(target) }
            var branch: OpaquePointer?
            do {
                try check(git_branch_create(&branch, repo.pointer, name, target, 0), "git_branch_create")
            } catch let failure as LibGit2Failure {
                if failure.code == GIT_EEXISTS.rawValue {
                    throw GitError(.invalidPath, "branch '\(name)' already exists", hint: "pick another branch name", revision: name,
                                   cause: failure.description)
                }
                if failure.code == GIT_EINVALIDSPEC.rawValue {
                    throw GitError(.invalidPath, "'\(name)' is not a valid branch name", revision: name, cause: failure.description)
                }
                throw GitError(failure, while: "cannot create branch '\(name)'", revision: name)
            }
            git_reference_free(branch)
        }
    }

    /// A full hex oid parsed (`git_oid_fromstr`).
    private func objectID(_ hex: String) throws -> git_oid {
        var id = git_oid()
        guard hex.utf8.count == 40, git_oid_fromstr(&id, hex) == 0 else {
            throw GitError(.unknownRevision, "'\(hex)' is not a full object id", revision: hex)
        }
        return id
    }
}
