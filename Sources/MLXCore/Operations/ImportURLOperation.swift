/// `mlx import-url` and `mlx update` of its imports: copies a file or folder into the project
/// (from this machine, or from a remote: S3, HTTP, any configured remote), tracks it as
/// `mlx add` does, and records the source in the pointer's `deps` (a local source's oid and
/// size, a remote one's ETag and size), so `status` sees the source change and `update`
/// brings the change in.
public struct ImportURLOperation {
    /// What was recorded.
    public struct Result: Sendable, Encodable {
        public let path: String
        public let pointer: String
        public let oid: String
        public let changed: Bool
    }

    let workspace: Workspace
    let openSource: URLSource.Opener?

    /// An import into `workspace`, which the caller holds as the project's writer; sources
    /// that are URLs are opened with `openSource` (without it, only local sources can be read).
    public init(workspace: Workspace, openSource: URLSource.Opener? = nil) {
        self.workspace = workspace
        self.openSource = openSource
    }

    /// Imports `source` (an absolute path, or a URL ``URLSource/isRemote(_:)``) to
    /// `destination` (absolute, in the project); an existing destination is replaced only with
    /// `force`.
    public func importURL(_ source: String, to destination: String, force: Bool) throws -> Result {
        let dataPath = try workspace.dataPathForAdding(destination)
        if !force, (try? FileStat(path: destination)) != nil {
            throw TrackingError(path: dataPath, message: "already exists", hint: "remove it, or pass --force to replace it")
        }
        let root = workspace.project.root
        if !URLSource.isRemote(source), source == root || source.hasPrefix(root + "/") {
            throw RegistryError(source: source, message: "is inside this project", hint: "track it with 'mlx add' instead")
        }
        return try bring(try prepare(source), to: dataPath)
    }

    /// Brings the import at `pointerPath` up to date with its source; nothing changes when the
    /// source has not.
    public func update(_ pointerPath: String) throws -> Result {
        let pointer = try workspace.readPointer(pointerPath)
        guard case let .location(recorded) = pointer.importSource, let output = pointer.outs.first else {
            throw TrackingError(path: pointerPath, message: "is not an import of a URL or file")
        }
        let dataPath = String(pointerPath.dropLast(PointerScanner.suffix.count))
        // One look at the source serves both the check and the copy.
        let prepared = try prepare(recorded.path)
        guard prepared.before != recorded else {
            return Result(path: dataPath, pointer: pointerPath, oid: output.oid, changed: false)
        }
        return try bring(prepared, to: dataPath)
    }

    /// Whether the source of the import `source` records differs from what it recorded.
    public func sourceChanged(_ source: ImportSource.Location) throws -> Bool {
        try fingerprint(of: source.path) != source
    }

    /// A source looked at once: what it is now, how to put it at a staging path, and how to
    /// look at it again (a URL's remote opened once for all three).
    private struct Prepared {
        let source: String
        let before: ImportSource.Location
        let fill: (String) throws -> Void
        let current: () throws -> ImportSource.Location
    }

    private func prepare(_ source: String) throws -> Prepared {
        guard URLSource.isRemote(source) else {
            return Prepared(source: source, before: try fingerprint(of: source), fill: { staging in try copy(source, to: staging) },
                            current: { try fingerprint(of: source) })
        }
        let opened = try open(source)
        let state = try remoteState(of: opened)
        return Prepared(source: source, before: state.location, fill: { staging in try download(state, of: opened, to: staging) },
                        current: { try remoteState(of: opened).location })
    }

    /// Copies or downloads the prepared source beside `dataPath`, renames it into place, adds
    /// it and records the source.
    private func bring(_ prepared: Prepared, to dataPath: String) throws -> Result {
        let (source, before, fill) = (prepared.source, prepared.before, prepared.fill)
        let destination = workspace.absolute(dataPath)
        let staging = Syscall.temporaryPath(beside: destination)
        do {
            try Syscall.makeDirectories(Syscall.directoryName(of: destination))
            try TemporaryFiles.creating(staging) { () throws in try fill(staging) }
            try FileTree.replace(destination, with: staging)
            TemporaryFiles.forget(staging)
        } catch {
            try? FileTree.remove(staging)
            TemporaryFiles.forget(staging)
            throw error
        }
        let added = try AddOperation(workspace: workspace).add([destination])[0]
        // A local copy that hashes to what the source hashed to before it was copied is that
        // state, whole: no need to read the source a third time. Otherwise (it changed during
        // the copy, or a URL's tag) the source is asked again.
        let copiedAsIs = before.oid != nil && before.oid == added.oid
        guard try copiedAsIs || prepared.current() == before else {
            throw RegistryError(source: source, message: "changed while it was being imported", hint: "run the command again")
        }
        var pointer = try workspace.readPointer(added.pointer)
        pointer.importSource = .location(before)
        try AtomicFile.write(PointerCodec.encode(pointer), to: workspace.absolute(added.pointer))
        return Result(path: added.path, pointer: added.pointer, oid: added.oid, changed: added.changed)
    }

    /// What is recorded of a source: a local one's oid (a folder's: the manifest's) and size,
    /// a remote one's ETag and size.
    func fingerprint(of source: String) throws -> ImportSource.Location {
        if URLSource.isRemote(source) {
            return try remoteState(of: try open(source)).location
        }
        guard let facts = try? FileStat.following(source) else {
            throw RegistryError(source: source, message: "does not exist", hint: "check the path")
        }
        let hasher = workspace.store.hasher
        guard facts.isDirectory else {
            return ImportSource.Location(path: source, oid: ObjectID(try hasher.hash(fileAt: source)).string, size: facts.size)
        }
        let files = try DirectoryWalker.files(under: source, projectRoot: source, ignorePrefix: "", ignore: IgnoreRules())
        var entries: [Manifest.Entry] = []
        for file in files {
            entries.append(Manifest.Entry(oid: try hasher.hash(fileAt: file.path), relpath: file.relpath, size: file.stat.size,
                                          isexec: file.stat.isExecutable))
        }
        let manifest = try Manifest(entries: entries)
        return ImportSource.Location(path: source, oid: manifest.objectID(using: hasher).string, size: manifest.totalSize)
    }

    private func open(_ url: String) throws -> URLSource {
        guard let openSource else {
            throw RegistryError(source: url, message: "cannot be read: no remote access was given for URLs")
        }
        return try openSource(url)
    }

    private func copy(_ source: String, to target: String) throws {
        let cloning = ReflinkSupport()
        let facts = try FileStat.following(source)
        guard facts.isDirectory else {
            _ = try ObjectStore.copyFile(source, to: target, mode: facts.isExecutable ? 0o755 : 0o644, syncing: false, cloning: cloning)
            return
        }
        try Syscall.makeDirectory(target)
        for file in try DirectoryWalker.files(under: source, projectRoot: source, ignorePrefix: "", ignore: IgnoreRules()) {
            let path = target + "/" + file.relpath
            try Syscall.makeDirectories(Syscall.directoryName(of: path))
            _ = try ObjectStore.copyFile(file.path, to: path, mode: file.stat.isExecutable ? 0o755 : 0o644, syncing: false, cloning: cloning)
        }
    }
}
