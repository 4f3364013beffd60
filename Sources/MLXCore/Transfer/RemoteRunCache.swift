import Synchronization

/// A remote's run cache (`runs/<key[0:2]>/<key>`, the layout of `.mlx/cache/runs`), read by
/// `mlx repro --pull` (as a `RunCacheSource`) and by `mlx fetch/pull --run-cache`.
///
/// Trust, in the order things arrive: an entry is downloaded to a temporary file beside where
/// it will live, decoded strictly (a corrupt or foreign file is refused and named), then the
/// objects it names are fetched and verified as `mlx fetch` verifies them (manifests first),
/// and only when every one of them is in the cache is the entry written into the local run
/// cache, atomically. So a local entry, like a remote one, implies its objects are there.
public struct RemoteRunCache: RunCacheSource {
    public let remote: any Remote
    let queue: TransferQueue
    public let label: String

    /// `name` is the remote's configured name, for messages (`remote 'storage'`).
    public init(remote: any Remote, queue: TransferQueue, name: String? = nil) {
        self.remote = remote
        self.queue = queue
        label = name.map { "remote '\($0)'" } ?? "remote \(remote.displayName)"
    }

    // MARK: - one key (repro --pull)

    /// One `size(of:)` for the entry; when the remote has it: the entry, then its objects,
    /// then the local entry. Throws `RunCacheError` when the entry is corrupt or its objects
    /// cannot all be fetched (nothing is written to the run cache then).
    public func fetchRun(key: String, into runCache: RunCache, store: ObjectStore) throws -> Bool {
        let remoteKey = RunCache.relativeKey(for: key)
        guard let size = try queue.retrying({ () throws -> Int64? in try remote.size(of: remoteKey) }) else { return false }
        let entry: LockedStage
        do {
            entry = try queue.retrying { try downloadEntry(key, size: size, runCache: runCache) }
        } catch let error as RemoteError where error.kind == .notFound {
            return false
        }
        let objects = fetchObjects(of: [(key, entry)], store: store, progress: nil)
        guard objects.complete.contains(key) else {
            throw RunCacheError(entry: describe(key), message: "its outputs could not be fetched"
                                + (objects.errors.first.map { ": \($0)" } ?? ""),
                                hint: "push the run cache again from a machine that has it ('mlx push --run-cache')")
        }
        try runCache.install(key, entry)
        return true
    }

    // MARK: - every key (fetch/pull --run-cache)

    public struct Report: Sendable {
        /// Entries written into the local run cache.
        public var entries = 0
        /// Entries the local run cache already had, complete.
        public var entriesPresent = 0
        /// Objects downloaded for the entries, and their bytes.
        public var objects = 0
        public var bytes: Int64 = 0
        /// Entries or objects that could not be fetched (each has an error in `errors`).
        public var failed = 0
        public var retries = 0
        public var errors: [any Error] = []
    }

    /// Lists the remote's `runs/` once and fetches every entry the local run cache lacks (or
    /// has without all its objects), with its objects, and every entry whose remote copy
    /// records a later run than the local one (the run cache keeps the latest result). A local
    /// entry whose bytes the listing shows the remote holds too (`Remote.holdsSameBytes`) costs
    /// no request.
    public func fetchAll(into runCache: RunCache, store: ObjectStore,
                         progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        var report = Report()
        let remote = self.remote
        let listed = try queue.retrying { () throws -> [RemoteObject] in try remote.list(prefix: "runs/") }
        var wanted: [(key: String, size: Int64)] = []
        var locals: [String: LockedStage] = [:]
        for object in listed {
            guard let key = RunCache.key(forRelativePath: object.key) else { continue }
            if let local = runCache.entry(key), local.outs.allSatisfy(store.containsAllObjects) {
                if remote.holdsSameBytes(object, as: runCache.path(for: key)) == true {
                    report.entriesPresent += 1
                    continue
                }
                locals[key] = local
            }
            wanted.append((key, object.size))
        }
        let source = self
        let downloaded = Mutex<[String: LockedStage]>([:])
        let transfers = queue.run(wanted.map { RunEntryTransfer(key: $0.key, size: $0.size) }, progress: nil) { item in
            let entry = try source.downloadEntry(item.key, size: item.size, runCache: runCache)
            downloaded.withLock { $0[item.key] = entry }
        }
        report.retries += transfers.retries
        // Those in `transfers.notFound` were deleted from the remote since the listing: not an error.
        for failure in transfers.failures.sorted(by: { $0.item.key < $1.item.key }) { report.errors.append(failure.error) }
        report.failed += transfers.failures.count
        if let stop = transfers.stopError(verb: "fetched") {
            report.errors.append(stop)
            report.failed += transfers.unsent.count
        }
        var entries: [(key: String, entry: LockedStage)] = []
        for (key, entry) in downloaded.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
            if let local = locals[key], !RunCache.isNewer(entry, than: local) {
                report.entriesPresent += 1
            } else {
                entries.append((key, entry))
            }
        }

        let objects = fetchObjects(of: entries, store: store, progress: progress)
        report.objects += objects.transfers.done.count
        report.bytes += objects.transfers.done.reduce(0) { $0 + ((try? FileStat(path: store.path(for: $1.oid)).size) ?? $1.size) }
        report.retries += objects.transfers.retries
        report.errors += objects.errors
        report.failed += objects.errors.count
        for (key, entry) in entries {
            guard objects.complete.contains(key) else {
                report.errors.append(RunCacheError(entry: describe(key), message: "not fetched: its outputs are not all available",
                                                   hint: "push the run cache again from a machine that has it ('mlx push --run-cache')"))
                report.failed += 1
                continue
            }
            do {
                try runCache.install(key, entry)
                report.entries += 1
            } catch {
                report.errors.append(error)
                report.failed += 1
            }
        }
        return report
    }

    // MARK: - parts

    /// `runs/ab/ab12… on remote 'storage'`.
    func describe(_ key: String) -> String {
        RunCache.relativeKey(for: key) + " on " + label
    }

    /// Downloads (once: callers retry) and decodes the entry for `key`; a `.notFound`
    /// `RemoteError` when the remote no longer has it.
    func downloadEntry(_ key: String, size: Int64?, runCache: RunCache) throws -> LockedStage {
        let remoteKey = RunCache.relativeKey(for: key)
        if let size, size > Int64(RunCache.maximumEntrySize) {
            throw RunCacheError(entry: describe(key), message: "is not a run-cache entry: it holds \(size) bytes, more than an entry ever does",
                                hint: "delete it from the remote; 'mlx push --run-cache' uploads a good one")
        }
        let local = runCache.path(for: key)
        try runCache.makeFolder(holding: local)
        let temporary = Syscall.temporaryPath(beside: local)
        defer { Syscall.unlinkIfPresent(temporary) }
        try remote.download(remoteKey, to: temporary)
        let bytes: [UInt8]
        do {
            bytes = try Syscall.readFile(temporary, limit: RunCache.maximumEntrySize)
        } catch {
            throw RunCacheError(entry: describe(key), message: "is not a run-cache entry: \(error.message)",
                                hint: "delete it from the remote; 'mlx push --run-cache' uploads a good one")
        }
        do {
            return try RunCache.decodeEntry(bytes, key: key)
        } catch {
            throw RunCacheError(entry: describe(key), message: error.message,
                                hint: "the copy on the remote is damaged; delete it there, and 'mlx push --run-cache' from a machine that has the run")
        }
    }

    struct Objects {
        var transfers = TransferReport<TransferItem>()
        var errors: [any Error] = []
        /// Keys of the entries whose objects are all in the cache now.
        var complete: Set<String> = []
    }

    /// Fetches what `entries` name that `store` lacks: manifests, then the files they list.
    func fetchObjects(of entries: [(key: String, entry: LockedStage)], store: ObjectStore,
                      progress: (@Sendable (TransferProgress) -> Void)?) -> Objects {
        var result = Objects()
        func label(_ key: String, _ path: String) -> String { "\(path) (run \(key.prefix(8)))" }

        var manifests: [ObjectID: TransferItem] = [:]
        for (key, entry) in entries {
            for output in entry.outs where output.oid.isDirectory && !store.contains(output.oid) && manifests[output.oid] == nil {
                manifests[output.oid] = TransferItem(oid: output.oid, size: 0, path: label(key, output.path))
            }
        }
        let tracker = ProgressTracker(totals: TransferProgress(filesTotal: manifests.count), callback: progress)
        result.transfers.merge(FetchOperation.download(Array(manifests.values), into: store, from: remote, queue: queue, tracker: tracker))

        var files: [ObjectID: TransferItem] = [:]
        var needed: [String: Set<ObjectID>] = [:]
        var unknown: Set<String> = []
        for (key, entry) in entries {
            var objects = Set<ObjectID>()
            for output in entry.outs {
                objects.insert(output.oid)
                guard output.oid.isDirectory else {
                    if !store.contains(output.oid) && files[output.oid] == nil {
                        files[output.oid] = TransferItem(oid: output.oid, size: output.size, path: label(key, output.path))
                    }
                    continue
                }
                guard store.contains(output.oid), let bytes = try? store.read(output.oid),
                      let manifest = try? Manifest.decode(bytes, oid: output.oid) else {
                    unknown.insert(key)
                    continue
                }
                for item in manifest.entries {
                    let child = ObjectID(item.oid)
                    objects.insert(child)
                    if !store.contains(child) && files[child] == nil {
                        files[child] = TransferItem(oid: child, size: item.size, path: label(key, output.path + "/" + item.relpath))
                    }
                }
            }
            needed[key] = objects
        }
        tracker.addToTotals(files: files.count, bytes: files.values.reduce(0) { $0 + $1.size })
        result.transfers.merge(FetchOperation.download(Array(files.values), into: store, from: remote, queue: queue, tracker: tracker))

        for failure in result.transfers.failures { result.errors.append(failure.error) }
        // A batch that ended early (remote gone, disk full) says so once, for all it left behind.
        if let stop = result.transfers.stopError(verb: "fetched") { result.errors.append(stop) }
        for item in result.transfers.notFound {
            result.errors.append(CacheError(subject: item.path, oid: item.oid,
                                            message: "object \(item.oid.string) is missing on \(self.label)",
                                            hint: "push the run cache again from a machine that has it ('mlx push --run-cache')"))
        }
        for (key, objects) in needed where !unknown.contains(key) && objects.allSatisfy(store.contains) {
            result.complete.insert(key)
        }
        return result
    }
}

extension ObjectStore {
    /// Whether every object of a recorded output is here: the object, and for a directory
    /// every file its manifest lists.
    public func containsAllObjects(_ output: LockedArtifact) -> Bool {
        guard contains(output.oid) else { return false }
        guard output.oid.isDirectory else { return true }
        guard let bytes = try? read(output.oid), let manifest = try? Manifest.decode(bytes, oid: output.oid) else { return false }
        return manifest.entries.allSatisfy { contains(ObjectID($0.oid)) }
    }
}
