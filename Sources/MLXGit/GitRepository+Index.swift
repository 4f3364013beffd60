internal import CGit2
import MLXCore

extension GitRepository {
    /// The path in git's index that is `path` or lies under it, if any (`git_index_get_bypath`,
    /// `git_index_find_prefix`): what `git ls-files PATH` would list first.
    ///
    /// `path` is relative to the work tree or absolute inside it.
    public func trackedPath(at path: String) throws -> String? {
        let relative = try relativePath(path)
        return try handle.withLock { repo in
            var index: OpaquePointer?
            do {
                try check(git_repository_index(&index, repo.pointer), "git_repository_index")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot read git's index in \(workTreeRoot)", path: relative)
            }
            defer { git_index_free(index) }
            if !relative.isEmpty, git_index_get_bypath(index, relative, 0) != nil { return relative }
            var position = 0
            let prefix = relative.isEmpty ? "" : relative + "/"
            guard git_index_find_prefix(&position, index, prefix) == 0, let entry = git_index_get_byindex(index, position) else {
                return nil
            }
            return String(cString: entry.pointee.path)
        }
    }
}
