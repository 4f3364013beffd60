import MLXHash

/// `mlx push`: uploads the objects a scope names that the remote lacks (pointer outputs and the
/// stage outputs of `mlx.lock`, except those git carries), and with `--run-cache` the run
/// cache's entries after their objects.
///
/// Order matters: a directory's manifest is uploaded only after every file it lists is on the
/// remote, so a manifest's presence means the directory is complete (SPEC §4). Files go first,
/// largest first; manifests follow, only for directories whose files all made it.
///
/// Remotes that batch durability (`BatchUploadingRemote`) get the uploads in chunks of at most
/// `chunkObjects` objects or `chunkBytes` bytes, each committed before the next starts, so an
/// interrupted push keeps what earlier chunks published.
///
/// Every object is verified as it is uploaded (the remote adapter hashes the bytes it reads):
/// a cache object that no longer matches its name is moved to the quarantine, named in an
/// error and never published, and the rest go on. Objects the remote has are trusted by name
/// and size, unless `checkRemote` says to download and hash them (`--verify`) or to upload
/// them again regardless (`--force`), which is how a damaged remote copy gets replaced.
public struct PushOperation {
    /// What to do about objects the remote already has.
    public enum RemoteCheck: Sendable {
        /// Trust them (by name and size).
        case trust
        /// Download and hash them; upload again those that do not match.
        case verify
        /// Upload them again, whatever they hold.
        case force
    }

    public struct Report: Sendable {
        /// Objects uploaded, and their bytes.
        public var pushed = 0
        public var bytes: Int64 = 0
        /// Objects the remote already had.
        public var alreadyOnRemote = 0
        /// Objects the remote had damaged copies of (`--verify`), uploaded again.
        public var replacedOnRemote = 0
        /// Objects that could not be pushed (each has an error in `errors`).
        public var failed = 0
        public var retries = 0
        /// The most objects that moved at once (the transfer queue's widest).
        public var jobs = 0
        public var elapsed: Double = 0
        public var errors: [any Error] = []
        /// Run-cache entries uploaded (`--run-cache`), and those the remote already had.
        public var runsPushed = 0
        public var runsOnRemote = 0
    }

    /// A local run-cache entry to push, with its outputs as collector outputs.
    struct RunEntry {
        let key: String
        let outputs: [ObjectCollector.Output]
    }

    static let chunkObjects = 2000
    static let chunkBytes: Int64 = 1 << 30

    let workspace: Workspace
    let remote: any Remote
    let queue: TransferQueue
    let collector: ObjectCollector
    let remoteCheck: RemoteCheck

    public init(workspace: Workspace, remote: any Remote, queue: TransferQueue, sourceControl: (any SourceControl)?,
                remoteCheck: RemoteCheck = .trust) {
        self.workspace = workspace
        self.remote = remote
        self.queue = queue
        self.collector = ObjectCollector(workspace: workspace, sourceControl: sourceControl)
        self.remoteCheck = remoteCheck
    }

    /// Pushes what `targets` (absolute paths; none: all) name in `scope`, and with `runCache`
    /// the local run cache's entries and every object they name (`cache: false` outputs too).
    public func push(targets: [String], scope: RevisionScope, runCache: Bool = false,
                     progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        let (outputs, outputErrors) = try collector.outputs(targets: targets, scope: scope)
        return try push(outputs, errors: outputErrors, runs: runCache ? try localRunEntries() : [], progress: progress)
    }

    /// The local run cache's entries whose objects are all in the cache; the others are stale
    /// (gc deleted their objects) and stay behind, as repro would replace them.
    func localRunEntries() throws -> [RunEntry] {
        let runCache = workspace.project.runCache
        let store = workspace.store
        var entries: [RunEntry] = []
        for key in try runCache.keys() {
            guard let entry = runCache.entry(key), entry.outs.allSatisfy(store.containsAllObjects) else { continue }
            entries.append(RunEntry(key: key, outputs: entry.outs.map { artifact in
                let tracked = ObjectCollector.tracked(artifact)
                return ObjectCollector.Output(tracked: TrackedOutput(pointerPath: RunCache.relativeKey(for: key), outputIndex: 0,
                                                                     dataPath: tracked.dataPath, output: tracked.output),
                                              revision: nil)
            }))
        }
        return entries
    }

    /// Pushes the objects of `outputs` (stage outputs git carries left out), then those of
    /// `runs` and, last, each entry of `runs` whose objects are all on the remote; `errors`
    /// are carried into the report.
    public func push(_ outputs: [ObjectCollector.Output], errors: [any Error] = [],
                     progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        try push(outputs, errors: errors, runs: [], progress: progress)
    }

    func push(_ outputs: [ObjectCollector.Output], errors: [any Error] = [], runs: [RunEntry],
              progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        let started = ContinuousClock.now
        let store = workspace.store
        var report = Report()
        report.errors = errors
        let transferred = outputs.filter { !$0.carriedByGit } + runs.flatMap(\.outputs)
        let objects = collector.objects(of: transferred, manifest: collector.cachedManifest)

        // What the remote already has, in one listing or a few size checks.
        var unexpandedItems: [ObjectID: (item: TransferItem, error: any Error)] = [:]
        for (output, error) in objects.unexpanded {
            if let oid = output.tracked.output.objectID {
                unexpandedItems[oid] = (TransferItem(oid: oid, size: 0, path: output.label), error)
            } else {
                report.errors.append(error)
            }
        }
        var candidates: [TransferItem] = []
        candidates.reserveCapacity(objects.files.count + objects.manifests.count + unexpandedItems.count)
        candidates += objects.files.values
        candidates += objects.manifests.values.lazy.map(\.item)
        candidates += unexpandedItems.values.lazy.map(\.item)
        var present = try RemoteInventory.present(candidates, on: remote, queue: queue)
        for (oid, unexpanded) in unexpandedItems where !present.contains(oid) {
            // On the remote, a manifest stands for its complete directory; only a missing one is a problem.
            report.errors.append(unexpanded.error)
        }
        // Remote copies to upload again: all (--force) or the damaged ones (--verify), where
        // the cache has the object to replace them with.
        var replaced: Set<ObjectID> = []
        switch remoteCheck {
        case .trust:
            break
        case .force:
            replaced = present.filter(store.contains)
        case .verify:
            let damaged = try RemoteFsckOperation.damaged(candidates.filter { present.contains($0.oid) }, on: remote, queue: queue, store: store)
            for item in damaged.sorted(by: { $0.path < $1.path }) where !store.contains(item.oid) {
                report.failed += 1
                report.errors.append(CacheError(subject: item.path, oid: item.oid,
                                                message: "the remote's copy of object \(item.oid.string) is damaged and this cache has no good copy to replace it",
                                                hint: "push from a machine whose cache has it ('mlx push --verify')"))
            }
            replaced = Set(damaged.map(\.oid)).filter(store.contains)
            report.replacedOnRemote = replaced.count
        }
        present.subtract(replaced)

        var missingFiles: [TransferItem] = []
        var uploadableFiles: [TransferItem] = []
        for item in objects.files.values where !present.contains(item.oid) {
            if store.contains(item.oid) {
                uploadableFiles.append(item)
            } else if !replaced.contains(item.oid) {
                missingFiles.append(item)
            }
        }
        report.alreadyOnRemote = present.count
        for item in missingFiles.sorted(by: { $0.path < $1.path }) {
            report.errors.append(CacheError(subject: item.path, oid: item.oid,
                                            message: "object \(item.oid.string) is not in the cache, so it cannot be pushed",
                                            hint: "run 'mlx fetch' where it is available, or 'mlx add' the data again"))
        }
        report.failed += missingFiles.count

        let pendingManifests = objects.manifests.values.filter { !present.contains($0.item.oid) }
        let totals = TransferProgress(filesTotal: uploadableFiles.count + pendingManifests.count,
                                      bytesTotal: (uploadableFiles + pendingManifests.map(\.item)).reduce(0) { $0 + $1.size })
        let tracker = ProgressTracker(totals: totals, callback: progress)

        let fileReport = upload(uploadableFiles, tracker: tracker)
        absorb(fileReport, into: &report)
        if let stop = fileReport.stopError(verb: "sent", unsent: fileReport.unsent.count + pendingManifests.count) {
            // The remote stopped answering: manifests and run-cache entries would only fail too.
            report.failed += fileReport.unsent.count + pendingManifests.count
            report.errors.append(stop)
            report.elapsed = PushOperation.seconds(since: started)
            return report
        }

        // A manifest goes up only when all its files are on the remote now.
        var onRemote = present
        for item in fileReport.done { onRemote.insert(item.oid) }
        var readyManifests: [TransferItem] = []
        for manifest in pendingManifests {
            let missing = Set(manifest.files.lazy.filter { !onRemote.contains($0) })
            if missing.isEmpty {
                readyManifests.append(manifest.item)
            } else {
                report.failed += 1
                report.errors.append(CacheError(subject: manifest.item.path, oid: manifest.item.oid,
                                                message: "directory not pushed: \(missing.count) of its files \(missing.count == 1 ? "is" : "are") not on the remote",
                                                hint: "fix the errors above and push again; the directory's manifest is uploaded last"))
            }
        }
        let manifestReport = upload(readyManifests, tracker: tracker)
        absorb(manifestReport, into: &report)
        if let stop = manifestReport.stopError(verb: "sent") {
            report.failed += manifestReport.unsent.count
            report.errors.append(stop)
            report.elapsed = PushOperation.seconds(since: started)
            return report
        }
        for item in manifestReport.done { onRemote.insert(item.oid) }
        if !runs.isEmpty { try pushEntries(runs, onRemote: onRemote, into: &report) }
        report.elapsed = PushOperation.seconds(since: started)
        return report
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The upload of `item` from `store`, verified as it is read; a cache object that no longer
    /// matches its name is moved to the quarantine and reported instead of being published.
    private static func upload(_ item: TransferItem, from store: ObjectStore,
                               _ send: (String, Digest) throws -> Void) throws {
        do {
            try send(store.path(for: item.oid), item.oid.digest)
        } catch let error as RemoteError where error.kind == .corruptSource {
            let moved = (try? store.quarantine(item.oid)) != nil
            throw CacheError(subject: item.path, oid: item.oid,
                             message: "object \(item.oid.string) in the cache is corrupt (its content no longer hashes to its name)"
                                 + (moved ? "; moved to the quarantine" : "") + ", not pushed",
                             hint: "'mlx fetch' brings a good copy from a remote that has one; if the workspace data is right, "
                                 + "'mlx add' it again; then push again")
        }
    }

    private func absorb(_ transfers: TransferReport<TransferItem>, into report: inout Report) {
        report.pushed += transfers.done.count
        report.bytes += transfers.bytes
        report.failed += transfers.failures.count + transfers.notFound.count
        report.retries += transfers.retries
        report.jobs = max(report.jobs, transfers.peakJobs)
        for failure in transfers.failures { report.errors.append(failure.error) }
        for item in transfers.notFound {
            report.errors.append(CacheError(subject: item.path, oid: item.oid, message: "object \(item.oid.string) vanished while being pushed"))
        }
    }

    /// Uploads `items`, through commit-checked batches where the remote offers them.
    private func upload(_ items: [TransferItem], tracker: ProgressTracker) -> TransferReport<TransferItem> {
        let store = workspace.store
        guard let batching = remote as? any BatchUploadingRemote else {
            let remote = self.remote
            let report = queue.run(items, progress: tracker.forward(base: tracker.current)) { item in
                try PushOperation.upload(item, from: store) { path, digest in
                    try remote.upload(path, size: item.size, to: item.key, verifying: digest)
                }
            }
            tracker.advance(by: report)
            return report
        }
        var report = TransferReport<TransferItem>()
        let chunks = PushOperation.chunks(of: items)
        for (index, chunk) in chunks.enumerated() {
            if report.stopped != nil {
                report.unsent += chunks[index...].joined()
                break
            }
            let batch = batching.makeUploadBatch()
            var chunkReport = queue.run(chunk, progress: tracker.forward(base: tracker.current)) { item in
                try PushOperation.upload(item, from: store) { path, digest in
                    try batch.upload(path, size: item.size, to: item.key, verifying: digest)
                }
            }
            // Not retried: a commit consumes what was staged, so a second one would publish nothing.
            do {
                try batch.commit()
            } catch {
                // Nothing of this chunk can be trusted to be on the remote.
                chunkReport.failures += chunkReport.done.map { TransferFailure(item: $0, error: error) }
                chunkReport.done = []
            }
            batch.discard()
            tracker.advance(by: chunkReport)
            report.merge(chunkReport)
        }
        return report
    }

    /// Consecutive runs of the items, largest first, within the chunk limits.
    static func chunks(of items: [TransferItem]) -> [[TransferItem]] {
        var chunks: [[TransferItem]] = []
        var current: [TransferItem] = []
        var bytes: Int64 = 0
        for item in items.sorted(by: { $0.size > $1.size }) {
            if !current.isEmpty && (current.count >= chunkObjects || bytes + item.size > chunkBytes) {
                chunks.append(current)
                current = []
                bytes = 0
            }
            current.append(item)
            bytes += item.size
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
