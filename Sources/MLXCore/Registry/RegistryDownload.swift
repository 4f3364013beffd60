/// Brings what a registry selection names into an object store: the manifests of its
/// directories first, then every file they and its pointers name, through the transfer queue
/// (parallel, retried) and each verified against its oid before it enters the store. Objects the
/// store already holds are not downloaded again, so an interrupted get resumes.
public struct RegistryDownload {
    /// One file of the destination, and where its bytes come from.
    public struct File: Sendable {
        public enum Source: Sendable {
            /// A file git carries, read from the registry's objects.
            case git(RegistryFile)
            /// A tracked file, from the store.
            case object(ObjectID, isExecutable: Bool)
        }

        /// Under the destination; empty: the destination itself is this file.
        public let relative: String
        public let source: Source
    }

    /// What a download found and did.
    public struct Result: Sendable {
        public var files: [File] = []
        /// Objects downloaded, and their bytes.
        public var fetched = 0
        public var bytes: Int64 = 0
    }

    /// The registry's remote and the queue its options call for; opened only when data is needed.
    public typealias RemoteOpener = () throws -> (remote: any Remote, queue: TransferQueue)

    let store: ObjectStore
    let url: String
    let openRemote: RemoteOpener

    /// A download into `store` from the remote `openRemote` opens (the registry `url`'s).
    public init(store: ObjectStore, url: String, openRemote: @escaping RemoteOpener) {
        self.store = store
        self.url = url
        self.openRemote = openRemote
    }

    /// Downloads the objects `selection` needs that the store lacks and lists the destination's
    /// files; with `fetchingFiles: false` only the manifests (`import --no-download`, `list -R`).
    ///
    /// - Throws: ``RegistryError`` for a path inside a directory that its manifest does not
    ///   hold; the remote's error for the first object that could not be downloaded.
    public func download(_ selection: RegistrySelection, fetchingFiles: Bool = true,
                         progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Result {
        var result = Result()
        var opened: (remote: any Remote, queue: TransferQueue)?
        func remote() throws -> (remote: any Remote, queue: TransferQueue) {
            if let opened { return opened }
            let made = try openRemote()
            opened = made
            return made
        }
        let tracker = ProgressTracker(totals: TransferProgress(), callback: progress)
        var manifests: [ObjectID: TransferItem] = [:]
        for piece in selection.pieces {
            guard case let .data(output, _) = piece.kind, let oid = output.output.objectID, oid.isDirectory,
                  !store.contains(oid) else { continue }
            manifests[oid] = TransferItem(oid: oid, size: 0, path: output.dataPath)
        }
        if !manifests.isEmpty {
            tracker.addToTotals(files: manifests.count, bytes: 0)
            try fetch(Array(manifests.values), from: try remote(), tracker: tracker, into: &result)
        }
        var wanted: [ObjectID: TransferItem] = [:]
        for piece in selection.pieces {
            switch piece.kind {
            case let .git(file):
                result.files.append(File(relative: piece.relative, source: .git(file)))
            case let .data(output, inside):
                for (relative, entry) in try files(of: output, inside: inside) {
                    let placed = Self.joined(piece.relative, relative)
                    result.files.append(File(relative: placed, source: .object(entry.oid, isExecutable: entry.isExecutable)))
                    if fetchingFiles, !store.contains(entry.oid), wanted[entry.oid] == nil {
                        var item = TransferItem(oid: entry.oid, size: entry.size, path: Self.joined(output.dataPath, relative))
                        item.sizeSource = output.pointerPath
                        wanted[entry.oid] = item
                    }
                }
            }
        }
        if !wanted.isEmpty {
            let items = Array(wanted.values)
            tracker.addToTotals(files: items.count, bytes: items.reduce(0) { $0 + $1.size })
            try fetch(items, from: try remote(), tracker: tracker, into: &result)
        }
        return result
    }

    /// The files of `output` (one for a file; its manifest's for a directory), relative to the
    /// output, or to `inside` when the selection names a path within the directory.
    private func files(of output: TrackedOutput, inside: String?)
        throws -> [(relative: String, entry: (oid: ObjectID, size: Int64, isExecutable: Bool))] {
        guard let oid = output.output.objectID else { return [] }
        guard oid.isDirectory else {
            return [("", (oid, output.output.size, output.output.isexec ?? false))]
        }
        let manifest = try Manifest.decode(try store.read(oid), oid: oid)
        var found: [(relative: String, entry: (oid: ObjectID, size: Int64, isExecutable: Bool))] = []
        for entry in manifest.entries {
            let relative: String
            if let inside {
                if entry.relpath == inside {
                    relative = ""
                } else if entry.relpath.hasPrefix(inside + "/") {
                    relative = String(entry.relpath.dropFirst(inside.count + 1))
                } else {
                    continue
                }
            } else {
                relative = entry.relpath
            }
            found.append((relative, (ObjectID(entry.oid), entry.size, entry.isexec)))
        }
        if let inside, found.isEmpty {
            throw RegistryError(source: url, message: "`\(output.dataPath)/\(inside)` does not exist: directory `\(output.dataPath)` holds no such file or folder",
                                hint: "`mlx list -R \(url) \(output.dataPath)` shows its files")
        }
        return found
    }

    private func fetch(_ items: [TransferItem], from remote: (remote: any Remote, queue: TransferQueue), tracker: ProgressTracker,
                       into result: inout Result) throws {
        let report = FetchOperation.download(items, into: store, from: remote.remote, queue: remote.queue, tracker: tracker)
        // Manifests are how directories are known, not files the user asked for.
        let files = report.done.filter { !$0.oid.isDirectory }
        result.fetched += files.count
        result.bytes += files.reduce(0) { $0 + $1.size }
        if let stop = report.stopError(verb: "downloaded") { throw stop }
        if let failure = report.failures.first { throw failure.error }
        if let missing = report.notFound.first {
            throw CacheError(subject: missing.path, oid: missing.oid,
                             message: "object \(missing.oid.string) is missing on the registry's remote \(remote.remote.displayName)",
                             hint: "push it from the registry ('mlx push' there), or give its remote with --remote-config")
        }
    }

    static func joined(_ base: String, _ relative: String) -> String {
        if base.isEmpty { return relative }
        return relative.isEmpty ? base : base + "/" + relative
    }
}
