import Foundation

/// `mlx get`: puts what a registry download lists at a destination, as plain writable files
/// that nothing tracks.
///
/// Everything is built under a temporary name beside the destination and renamed into place
/// once complete and synced, so an interrupted or failed get leaves no half-copied data, and no
/// path from the registry can lead anywhere but under that temporary folder: each is checked,
/// the folder is new, and git symlinks are refused.
public struct GetOperation {
    let store: ObjectStore
    let url: String
    /// Files placed at once.
    let jobs: Int
    /// Reads git files of the registry at the revision being got.
    let readGitFiles: ([String]) throws -> [[UInt8]?]

    /// Places objects of `store` and git files `readGitFiles` reads; `url` names the registry
    /// in errors.
    public init(store: ObjectStore, url: String, jobs: Int = 2 * ProcessInfo.processInfo.activeProcessorCount,
                readGitFiles: @escaping ([String]) throws -> [[UInt8]?]) {
        self.store = store
        self.url = url
        self.jobs = max(1, jobs)
        self.readGitFiles = readGitFiles
    }

    /// Writes `files` at `destination` (absolute): a file, or a folder when `isDirectory`.
    /// An existing destination is replaced only with `force`.
    ///
    /// - Throws: ``RegistryError`` for an existing destination, a git symlink or a path that
    ///   would leave the destination; anything placing the files threw, with nothing left behind.
    public func place(_ files: [RegistryDownload.File], isDirectory: Bool, at destination: String, force: Bool) throws {
        if (try? FileStat(path: destination)) != nil && !force {
            throw RegistryError(source: destination, message: "already exists", hint: "remove it, or pass --force to replace it")
        }
        for file in files {
            if case let .git(registryFile) = file.source, registryFile.kind == .symlink {
                throw RegistryError(source: url, message: "`\(registryFile.path)` is a symbolic link; mlx does not copy links out of a registry",
                                    hint: "get the data it points to by its own path")
            }
            if !file.relative.isEmpty, let problem = ProjectPath.problem(with: file.relative) {
                throw RegistryError(source: url, message: "\(problem): `\(file.relative)`", hint: "a registry's paths must stay inside it")
            }
        }
        let parent = Syscall.directoryName(of: destination)
        try Syscall.makeDirectories(parent)
        let staging = TemporaryFiles.path(in: parent)
        do {
            try TemporaryFiles.creating(staging) { () throws in
                if isDirectory { try Syscall.makeDirectory(staging) }
                try write(files, under: staging, isDirectory: isDirectory)
            }
            try Syscall.syncFileSystem(containing: parent)
            // With --force the old destination is swapped out, never deleted first.
            try FileTree.replace(destination, with: staging)
            TemporaryFiles.forget(staging)
            try Syscall.fsyncDirectory(parent)
        } catch {
            try? FileTree.remove(staging)
            TemporaryFiles.forget(staging)
            throw error
        }
    }

    private func write(_ files: [RegistryDownload.File], under staging: String, isDirectory: Bool) throws {
        func target(_ relative: String) -> String { relative.isEmpty && !isDirectory ? staging : staging + "/" + relative }
        var gitFiles: [(target: String, file: RegistryFile)] = []
        var objects: [(target: String, oid: ObjectID, isExecutable: Bool)] = []
        var folders = Set<String>()
        for file in files {
            let path = target(file.relative)
            let folder = Syscall.directoryName(of: path)
            if folders.insert(folder).inserted { try Syscall.makeDirectories(folder) }
            switch file.source {
            case let .git(registryFile):
                gitFiles.append((path, registryFile))
            case let .object(oid, isExecutable):
                objects.append((path, oid, isExecutable))
            }
        }
        // Copies of small files wait on the file system, not the CPU: several at once, as
        // checkout places them (10,000 files one by one took most of a get's time).
        let store = self.store, placed = objects
        let failures = BoundedParallel.forEach(placed.count, width: jobs) { index in
            let object = placed[index]
            try store.link(oid: object.oid, to: object.target, types: [.reflink, .copy], isExecutable: object.isExecutable, syncing: false)
        }
        if let first = failures.min(by: { $0.key < $1.key }) { throw first.value }
        guard !gitFiles.isEmpty else { return }
        let contents = try readGitFiles(gitFiles.map(\.file.path))
        for ((path, registryFile), bytes) in zip(gitFiles, contents) {
            guard let bytes else {
                throw RegistryError(source: url, message: "cannot read `\(registryFile.path)` from the repository")
            }
            try AtomicFile.write(bytes, to: path, permissions: registryFile.kind == .executable ? 0o755 : 0o644)
        }
    }
}
