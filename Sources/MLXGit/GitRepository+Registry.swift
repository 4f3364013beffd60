import Foundation
internal import CGit2
import MLXCore

/// A bare clone read as a registry: opened, fetched and listed without a work tree.
extension GitRepository: RegistryRepository {
    /// The refs a registry clone mirrors: branches and tags, under their own names.
    static let registryRefspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]

    /// Opens the bare repository at `path` (`git_repository_open_bare`).
    static func openBare(at path: String) throws -> GitRepository {
        GitLibrary.initialize()
        var pointer: OpaquePointer?
        do {
            try check(git_repository_open_bare(&pointer, path), "git_repository_open_bare")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot open the clone at \(path)", path: path)
        }
        guard let pointer else { throw GitError(.library, "cannot open the clone at \(path)", path: path) }
        let root = withoutTrailingSlash(path)
        return GitRepository(handle: RepositoryHandle(pointer), workTreeRoot: root, commonDirectory: root)
    }

    /// Creates an empty bare repository at `path` (`git_repository_init`).
    static func initializeBare(at path: String) throws {
        GitLibrary.initialize()
        var pointer: OpaquePointer?
        do {
            try check(git_repository_init(&pointer, path, 1), "git_repository_init")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot create a clone at \(path)", path: path)
        }
        git_repository_free(pointer)
    }

    /// Brings the branches and tags of the repository at `locator` into this clone and points
    /// `HEAD` at its default branch (`git_remote_connect`, `git_remote_default_branch`,
    /// `git_remote_fetch`). SSH keys come from the ssh agent, as git's do.
    func fetch(from locator: String, displayURL: String) throws {
        // http:// too: a server may redirect it to https://.
        if ["https://", "http://"].contains(where: locator.lowercased().hasPrefix) { try GitLibrary.loadCertificates() }
        try handle.withLock { repo in
            var remote: OpaquePointer?
            do {
                try check(git_remote_create_anonymous(&remote, repo.pointer, locator), "git_remote_create_anonymous")
            } catch let failure as LibGit2Failure {
                throw GitError(failure, while: "cannot read the repository \(displayURL)", path: displayURL)
            }
            defer { git_remote_free(remote) }
            var callbacks = git_remote_callbacks()
            git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
            callbacks.credentials = { out, _, username, allowed, payload in
                // libgit2 asks again after a refused key: offer the agent once, then give up.
                guard let attempts = payload?.assumingMemoryBound(to: Int32.self), attempts.pointee == 0,
                      allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 else { return GIT_PASSTHROUGH.rawValue }
                attempts.pointee += 1
                guard let username else { return git_credential_ssh_key_from_agent(out, "git") }
                return git_credential_ssh_key_from_agent(out, username)
            }
            let attempts = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
            attempts.initialize(to: 0)
            defer { attempts.deallocate() }
            callbacks.payload = UnsafeMutableRawPointer(attempts)
            do {
                try check(git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nil, nil), "git_remote_connect")
                defer { git_remote_disconnect(remote) }
                var branch = git_buf()
                defer { git_buf_dispose(&branch) }
                let hasDefaultBranch = git_remote_default_branch(&branch, remote) == 0
                var options = git_fetch_options()
                git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
                options.callbacks = callbacks
                options.prune = GIT_FETCH_PRUNE
                options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
                _ = try Self.registryRefspecs.withCStringArray { refspecs in
                    try check(git_remote_fetch(remote, &refspecs, &options, "mlx registry fetch"), "git_remote_fetch")
                }
                if hasDefaultBranch, let name = branch.string {
                    try check(git_repository_set_head(repo.pointer, name), "git_repository_set_head")
                }
            } catch let failure as LibGit2Failure {
                throw GitError(.library, "cannot fetch the repository \(displayURL): \(failure.message)",
                               hint: "check the URL, and that `git ls-remote \(displayURL)` works", path: displayURL,
                               cause: failure.description)
            }
        }
    }

    /// Every file of the tree at `commit`, with the kind its mode records.
    public func registryFiles(at commit: String) throws -> [RegistryFile] {
        try handle.withLock { repo in
            try withCommit(commit, in: repo) { object in
                try withTree(of: object, revision: commit) { tree in
                    var blobs: [String: TreeBlob] = [:]
                    try collectBlobs(in: tree, prefix: "", entering: { _ in true }, keeping: { _ in true }, repo: repo,
                                     revision: commit, into: &blobs)
                    return blobs.map { path, blob in
                        let kind: RegistryFile.Kind = switch blob.mode {
                        case GIT_FILEMODE_LINK: .symlink
                        case GIT_FILEMODE_BLOB_EXECUTABLE: .executable
                        default: .regular
                        }
                        return RegistryFile(path: path, kind: kind)
                    }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
                }
            }
        }
    }
}

extension Array where Element == String {
    /// Runs `body` with the strings as a `git_strarray` that lives as long as the call.
    func withCStringArray<Result>(_ body: (inout git_strarray) throws -> Result) throws -> Result {
        let copies = map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers = copies
        return try pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}
