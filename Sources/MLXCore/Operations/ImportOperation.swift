/// `mlx import` and `mlx update` of registry data: downloads it into the project's cache, writes
/// a pointer that records the data and where it came from (`deps` with `repo: url, rev,
/// rev_lock`), ignores the data in git and checks it out, like `mlx add` would have.
///
/// Order of durable steps, as for `add`: the objects are in the cache before the pointer that
/// names them is written, and the workspace is written last; a failure before the pointer leaves
/// the project as it was.
public struct ImportOperation {
    /// What was recorded for one import.
    public struct Result: Sendable, Encodable {
        public let path: String
        public let pointer: String
        public let oid: String
        /// The commit the data now comes from.
        public let revLock: String
        /// Whether the pointer changed (false: `update` found it up to date).
        public let changed: Bool
        /// Objects downloaded from the registry's remote.
        public let downloaded: Int

        enum CodingKeys: String, CodingKey { case path, pointer, oid, changed, downloaded, revLock = "rev_lock" }
    }

    let workspace: Workspace

    /// An import into `workspace`, which the caller holds as the project's writer.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Imports `path` of `snapshot`'s repository to `destination` (absolute). `rev` is what the
    /// user asked for (recorded so `update` follows it); without `fetching` (`--no-download`)
    /// only the pointer is written. An existing destination that is not this import's is refused
    /// unless `force`.
    public func importData(_ path: String, from snapshot: RegistrySnapshot, rev: String?, to destination: String,
                           download: RegistryDownload, readGitFiles: ([String]) throws -> [[UInt8]?],
                           fetching: Bool, force: Bool) throws -> Result {
        let dataPath = try workspace.dataPathForAdding(destination)
        let pointerPath = dataPath + PointerScanner.suffix
        let previous = Syscall.exists(workspace.absolute(pointerPath)) ? try workspace.readPointer(pointerPath) : nil
        if !force, previous == nil, (try? FileStat(path: destination)) != nil {
            throw TrackingError(path: dataPath, message: "already exists", hint: "remove it, or pass --force to replace it")
        }
        if let previous, previous.importSource == nil, !force {
            throw TrackingError(path: dataPath, message: "is already tracked by \(pointerPath)",
                                hint: "pass --force to replace it with the import")
        }
        return try record(snapshot.select(path), of: snapshot, rev: rev, at: dataPath, previous: previous,
                          download: download, readGitFiles: readGitFiles, fetching: fetching)
    }

    /// Brings the import at `pointerPath` to `snapshot` (its repository at the revision to
    /// follow); the pointer is rewritten only when the commit or the data changed.
    public func update(_ pointerPath: String, to snapshot: RegistrySnapshot, rev: String?, download: RegistryDownload,
                       readGitFiles: ([String]) throws -> [[UInt8]?], fetching: Bool) throws -> Result {
        let pointer = try workspace.readPointer(pointerPath)
        guard case let .repository(source) = pointer.importSource else {
            throw TrackingError(path: pointerPath, message: "is not an import of a repository")
        }
        let dataPath = String(pointerPath.dropLast(PointerScanner.suffix.count))
        return try record(snapshot.select(source.path), of: snapshot, rev: rev, at: dataPath, previous: pointer,
                          download: download, readGitFiles: readGitFiles, fetching: fetching)
    }

    private func record(_ selection: RegistrySelection, of snapshot: RegistrySnapshot, rev: String?, at dataPath: String,
                        previous: Pointer?, download: RegistryDownload, readGitFiles: ([String]) throws -> [[UInt8]?],
                        fetching: Bool) throws -> Result {
        let downloaded = try download.download(selection, fetchingFiles: fetching)
        var output = try self.output(for: selection, files: downloaded.files, name: Syscall.baseName(of: dataPath), readGitFiles: readGitFiles)
        let source = ImportSource.Repository(path: selection.path, url: snapshot.url, rev: rev, revLock: snapshot.commit)
        var pointer = previous ?? Pointer(outs: [])
        if let kept = previous?.outs.first, previous?.importSource != nil {
            // Annotations the user wrote on the import stay.
            (output.desc, output.type, output.labels, output.meta, output.unknownKeys) = (kept.desc, kept.type, kept.labels, kept.meta, kept.unknownKeys)
        }
        pointer.outs = [output]
        pointer.importSource = .repository(source)
        let pointerPath = dataPath + PointerScanner.suffix
        let changed = previous != pointer
        if changed {
            try Syscall.makeDirectories(Syscall.directoryName(of: workspace.absolute(dataPath)))
            try AtomicFile.write(PointerCodec.encode(pointer), to: workspace.absolute(pointerPath))
            _ = try GitignoreEditor.add(Syscall.baseName(of: dataPath), in: Syscall.directoryName(of: workspace.absolute(dataPath)))
        }
        if fetching {
            let tracked = TrackedOutput.outputs(of: pointer, at: pointerPath)
            let report = try CheckoutOperation(workspace: workspace).checkout(tracked, force: true, relink: false)
            if let error = report.errors.first { throw error }
        }
        return Result(path: dataPath, pointer: pointerPath, oid: output.oid, revLock: snapshot.commit, changed: changed,
                      downloaded: downloaded.fetched)
    }

    /// The pointer output recording what `selection` names: the registry's own record of
    /// tracked data, else an object made here (a git file, a part of a tracked directory).
    private func output(for selection: RegistrySelection, files: [RegistryDownload.File], name: String,
                        readGitFiles: ([String]) throws -> [[UInt8]?]) throws -> PointerOutput {
        if let tracked = selection.trackedOutput {
            let recorded = tracked.output
            return PointerOutput(path: name, oid: recorded.oid, size: recorded.size, nfiles: recorded.nfiles, isexec: recorded.isexec)
        }
        let store = workspace.store
        var entries: [Manifest.Entry] = []
        var gitFiles: [(relative: String, file: RegistryFile)] = []
        for file in files {
            switch file.source {
            case let .object(oid, isExecutable):
                let size = try FileStat(path: store.path(for: oid)).size
                entries.append(Manifest.Entry(oid: oid.digest, relpath: file.relative, size: size, isexec: isExecutable))
            case let .git(registryFile):
                guard registryFile.kind != .symlink else {
                    throw TrackingError(path: registryFile.path, message: "is a symbolic link in the repository; mlx does not import links")
                }
                gitFiles.append((file.relative, registryFile))
            }
        }
        for ((relative, registryFile), bytes) in zip(gitFiles, try readGitFiles(gitFiles.map(\.file.path))) {
            guard let bytes else { throw TrackingError(path: registryFile.path, message: "cannot be read from the repository") }
            let oid = ObjectID(store.hasher.hash(bytes))
            _ = try store.insert(bytes: bytes, oid: oid)
            entries.append(Manifest.Entry(oid: oid.digest, relpath: relative, size: Int64(bytes.count), isexec: registryFile.kind == .executable))
        }
        if !selection.isDirectory, entries.count == 1, entries[0].relpath.isEmpty {
            let entry = entries[0]
            return PointerOutput(path: name, oid: ObjectID(entry.oid).string, size: entry.size, isexec: entry.isexec ? true : nil)
        }
        let manifest = try Manifest(entries: entries)
        let manifestID = manifest.objectID(using: store.hasher)
        _ = try store.insert(bytes: manifest.encoded(), oid: manifestID)
        return PointerOutput(path: name, oid: manifestID.string, size: manifest.totalSize, nfiles: manifest.count)
    }
}
