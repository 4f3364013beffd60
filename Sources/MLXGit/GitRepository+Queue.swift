import Foundation
internal import CGit2
import MLXCore

extension GitRepository: QueueRepository {
    /// The tree of `writeTree(ofWorkTree:)` with some files replaced, built in an index that
    /// lives in memory only (`git_index_new`, `git_index_read_tree`, `git_blob_create_from_buffer`,
    /// `git_index_add`, `git_index_write_tree_to`). A replaced file keeps its mode.
    public func writeTree(ofWorkTree workTree: String, replacing: [String: [UInt8]]) throws -> String {
        let base = try writeTree(ofWorkTree: workTree)
        if replacing.isEmpty { return base }
        return try handle.withLock { repo in
            var index: OpaquePointer?
            var tree: OpaquePointer?
            defer {
                git_tree_free(tree)
                git_index_free(index)
            }
            var result = git_oid()
            do {
                var baseID = git_oid()
                try check(git_oid_fromstr(&baseID, base), "git_oid_fromstr")
                try check(git_tree_lookup(&tree, repo.pointer, &baseID), "git_tree_lookup")
                try check(git_index_new(&index), "git_index_new")
                try check(git_index_read_tree(index, tree), "git_index_read_tree")
                for (path, bytes) in replacing.sorted(by: { $0.key < $1.key }) {
                    var blob = git_oid()
                    try bytes.withUnsafeBytes { raw in
                        _ = try check(git_blob_create_from_buffer(&blob, repo.pointer, raw.baseAddress, raw.count), "git_blob_create_from_buffer")
                    }
                    let mode = git_index_get_bypath(index, path, 0)?.pointee.mode ?? UInt32(GIT_FILEMODE_BLOB.rawValue)
                    try path.withCString { cPath in
                        var entry = git_index_entry()
                        entry.mode = mode
                        entry.id = blob
                        entry.file_size = UInt32(truncatingIfNeeded: bytes.count)
                        entry.path = cPath
                        _ = try check(git_index_add(index, &entry), "git_index_add")
                    }
                }
                try check(git_index_write_tree_to(&result, index, repo.pointer), "git_index_write_tree_to")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot record the experiment's params files", path: workTree)
            }
            return result.hex
        }
    }

    /// `git worktree add --detach --force --quiet PATH COMMIT`, run with the `git` program:
    /// libgit2's `git_worktree_add` can only check out a branch, and an experiment must leave
    /// the user's branches alone. `--force` replaces git's record of a copy whose folder was
    /// deleted by hand.
    public func addWorktree(at path: String, commit: String) throws {
        try runGit(["worktree", "add", "--detach", "--force", "--quiet", path, commit], doing: "cannot make a work tree at \(path)")
    }

    /// Deletes the folder and git's record of the work tree (`.git/worktrees/<id>`, named by
    /// the folder's `.git` file) directly, as `git worktree prune` would, without starting git.
    public func removeWorktree(at path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if let link = try? String(contentsOfFile: path + "/.git", encoding: .utf8), link.hasPrefix("gitdir: ") {
            let record = link.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            if record.hasPrefix(commonDirectory + "/worktrees/") { try? manager.removeItem(atPath: record) }
        }
        do {
            try manager.removeItem(atPath: path)
        } catch {
            throw GitError(.library, "cannot delete the temporary work tree \(path)", path: path, cause: "\(error)")
        }
    }

    private func runGit(_ arguments: [String], doing what: String) throws {
        let ran: ExternalCommand.Result
        do {
            ran = try ExternalCommand.run("git", ["-C", workTreeRoot] + arguments, in: workTreeRoot)
        } catch {
            throw GitError(.library, what, hint: "mlx runs queued experiments in `git worktree`s: install git", cause: "\(error)")
        }
        guard ran.status == 0 else {
            throw GitError(.library, what, hint: ran.status == 127 ? "mlx runs queued experiments in `git worktree`s: install git" : nil,
                           cause: ran.errorText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
