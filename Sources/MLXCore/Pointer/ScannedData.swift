import MLXHash

/// What a tracked path holds right now: its files with their BLAKE3, and the oid they make.
public struct ScannedData: Sendable {
    /// One file: for a tracked file its relpath is empty.
    public struct File: Sendable {
        public let relpath: String
        public let path: String
        public let stat: FileStat
        public let oid: Digest
    }

    /// Project-relative path.
    public let relativePath: String
    public let isDirectory: Bool
    public let files: [File]
    /// The file's oid, or the directory manifest's (`.dir`).
    public let oid: ObjectID
    /// Bytes in all files.
    public let size: Int64
    /// The manifest, for a directory.
    public let manifest: Manifest?
}

extension Workspace {
    /// Reads what `relative` holds now, through the hash index; nil when it does not exist.
    /// A symlink is followed when it stays inside the project (see `Manifest` for the rule).
    public func scan(_ relative: String) throws -> ScannedData? {
        let path = absolute(relative)
        let linkFacts: FileStat
        do {
            linkFacts = try Syscall.lstat(path)
        } catch {
            if error.code == Syscall.Errno.noSuchFile || error.code == Syscall.Errno.notDirectory { return nil }
            throw error
        }
        var facts = linkFacts
        if facts.isSymlink {
            guard let real = ProjectPath.realPath(path) else { return nil }
            guard real == project.root || real.hasPrefix(project.root + "/") || isSharedCacheObject(real) else {
                throw TrackingError(path: relative, message: "is a symlink that leads out of the project (to \(real))",
                                    hint: "copy the target into the project and track that")
            }
            facts = try FileStat.following(path)
        }
        if facts.isDirectory {
            // What the memo is judged racy against: the time before any fact was read.
            let walkBegan = Syscall.nowNanoseconds()
            let tree = try DirectoryWalker.walk(path, projectRoot: project.root, ignorePrefix: relative, ignore: ignore, width: jobs,
                                                cacheObjects: sharedCacheObjects)
            let walked = tree.files
            let digests = digests(count: walked.count) { (relative + "/" + walked[$0].relpath, walked[$0].path, walked[$0].stat) }
            var files: [ScannedData.File] = []
            files.reserveCapacity(tree.files.count)
            for (file, result) in zip(tree.files, digests) {
                files.append(.init(relpath: file.relpath, path: file.path, stat: file.stat, oid: try unwrap(result, relative)))
            }
            let manifest = try Manifest(entries: files.map {
                Manifest.Entry(oid: $0.oid, relpath: $0.relpath, size: $0.stat.size, isexec: $0.stat.isExecutable)
            })
            let scanned = ScannedData(relativePath: relative, isDirectory: true, files: files,
                                      oid: manifest.objectID(using: store.hasher), size: manifest.totalSize, manifest: manifest)
            // A directory reached through a symlink is walked in full every time (see `TreeMemo`).
            if !linkFacts.isSymlink { recordTreeMemo(of: scanned, walked: tree, factsReadFrom: walkBegan) }
            return scanned
        }
        guard facts.isRegular else {
            throw TrackingError(path: relative, message: "is not a regular file or folder")
        }
        let digest = try unwrap(digests(of: [(relative, path, facts)])[0], relative)
        return ScannedData(relativePath: relative, isDirectory: false,
                           files: [.init(relpath: "", path: path, stat: facts, oid: digest)],
                           oid: ObjectID(digest), size: facts.size, manifest: nil)
    }

    private func unwrap(_ result: Result<Digest, HashError>, _ relative: String) throws -> Digest {
        switch result {
        case .success(let digest): return digest
        case .failure(let error):
            throw FileSystemError(path: error.path, operation: "read", code: error.errno)
        }
    }
}
