internal import CGit2
import MLXCore

extension GitRepository {
    /// The bytes of the file at `path` in `revision`, read from git's objects without checking
    /// anything out (`git_tree_entry_bypath`, `git_blob_rawcontent`).
    ///
    /// - Returns: `nil` when nothing is at `path`, or a folder or submodule is.
    /// - Throws: ``GitError`` for an unknown revision or a path outside the work tree.
    public func readFile(_ path: String, at revision: String) throws -> [UInt8]? {
        let relative = try relativePath(path)
        guard !relative.isEmpty else { return nil }
        return try handle.withLock { repo in
            try withCommit(revision, in: repo) { commit in
                try withTree(of: commit, revision: revision) { tree in
                    var entry: OpaquePointer?
                    do {
                        try check(git_tree_entry_bypath(&entry, tree, relative), "git_tree_entry_bypath")
                    } catch let failure as LibGit2Failure {
                        if failure.isNotFound { return nil }
                        throw GitError(failure, while: "cannot look up \(relative) at \(revision)", path: relative, revision: revision)
                    }
                    defer { git_tree_entry_free(entry) }
                    guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, var oid = git_tree_entry_id(entry)?.pointee else { return nil }
                    return try readBlob(&oid, repo: repo, path: relative, revision: revision)
                }
            }
        }
    }

    /// The bytes of each of `paths` in `revision`, in order, `nil` where no file is. The tree is
    /// walked once, into the folders that hold a wanted path only: a lookup per path would parse
    /// a large folder's tree again each time (libgit2 does not cache big trees), which made
    /// reading 10,000 pointers in one folder take half a minute.
    public func readFiles(_ paths: [String], at revision: String) throws -> [[UInt8]?] {
        let relatives = try paths.map { try relativePath($0) }
        var folders = Set<String>()
        for relative in relatives {
            var folder = Substring(relative)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        return try handle.withLock { repo in
            try withCommit(revision, in: repo) { commit in
                try withTree(of: commit, revision: revision) { tree in
                    var blobs: [String: TreeBlob] = [:]
                    let wanted = Set(relatives)
                    try collectBlobs(in: tree, prefix: "", entering: folders.contains, keeping: wanted.contains, repo: repo,
                                     revision: revision, into: &blobs)
                    return try relatives.map { relative in
                        guard var oid = blobs[relative]?.oid else { return nil }
                        return try readBlob(&oid, repo: repo, path: relative, revision: revision)
                    }
                }
            }
        }
    }

    // Walks by hand instead of `git_tree_walk`, whose callback would need a payload pointer to
    // collect into, and could not skip the folders no wanted path is in.
    /// The blobs under `tree` whose paths `keeping` accepts, descending only into the folders
    /// `entering` accepts; submodules are not entered.
    func collectBlobs(
        in tree: OpaquePointer, prefix: String, entering: (String) -> Bool, keeping: (String) -> Bool,
        repo: RepositoryHandle, revision: String, into blobs: inout [String: TreeBlob]
    ) throws {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { continue }
            let path = prefix + String(cString: name)
            let type = git_tree_entry_type(entry)
            if type == GIT_OBJECT_BLOB, keeping(path), let oid = git_tree_entry_id(entry) {
                blobs[path] = TreeBlob(oid: oid.pointee, mode: git_tree_entry_filemode(entry))
            } else if type == GIT_OBJECT_TREE, entering(path) {
                var subtree: OpaquePointer?
                do {
                    try check(git_tree_lookup(&subtree, repo.pointer, git_tree_entry_id(entry)), "git_tree_lookup")
                } catch let failure as LibGit2Failure {
                    throw GitError(failure, while: "cannot read folder \(path) at \(revision)", path: path, revision: revision)
                }
                defer { git_tree_free(subtree) }
                if let subtree {
                    try collectBlobs(in: subtree, prefix: path + "/", entering: entering, keeping: keeping, repo: repo,
                                     revision: revision, into: &blobs)
                }
            }
        }
    }

    func readBlob(_ oid: inout git_oid, repo: RepositoryHandle, path: String, revision: String) throws -> [UInt8] {
        var blob: OpaquePointer?
        do {
            try check(git_blob_lookup(&blob, repo.pointer, &oid), "git_blob_lookup")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot read \(path) at \(revision)", path: path, revision: revision)
        }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// Every file (blob) path in the tree of `revision` that `matching` accepts, relative to the
    /// work tree, `/`-separated, in byte order; submodules are not entered.
    public func listFiles(at revision: String, matching: (String) -> Bool) throws -> [String] {
        // `matching` is the caller's closure, so it runs after the lock, not under it.
        let files = try handle.withLock { repo in
            try withCommit(revision, in: repo) { commit in
                try withTree(of: commit, revision: revision) { tree in
                    var blobs: [String: TreeBlob] = [:]
                    try collectBlobs(in: tree, prefix: "", entering: { _ in true }, keeping: { _ in true }, repo: repo,
                                     revision: revision, into: &blobs)
                    return Array(blobs.keys)
                }
            }
        }
        return files.filter(matching).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func withTree<Result>(
        of commit: OpaquePointer,
        revision: String,
        _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        var tree: OpaquePointer?
        do {
            try check(git_commit_tree(&tree, commit), "git_commit_tree")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot read the tree of \(revision)", revision: revision)
        }
        defer { git_tree_free(tree) }
        guard let tree else { throw GitError(.library, "cannot read the tree of \(revision)", revision: revision) }
        return try body(tree)
    }
}

/// A blob found in a tree: its id, and its mode (a regular, executable or symlink file).
struct TreeBlob {
    let oid: git_oid
    let mode: git_filemode_t
}
