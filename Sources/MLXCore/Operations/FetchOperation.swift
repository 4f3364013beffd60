import Synchronization

/// `mlx fetch`: downloads into the cache the objects a scope names that the cache lacks.
///
/// Manifests come first (a directory's files are only known from its manifest), then the
/// files. Every download goes to a temporary file in the cache's `staging/` folder and is
/// checked against its oid there: a corrupt or truncated copy is refused and named, and nothing
/// of it enters the cache. Each batch is made durable with two syncs and renamed into place.
public struct FetchOperation {
    public struct Report: Sendable {
        /// Objects downloaded, and their bytes.
        public var fetched = 0
        public var bytes: Int64 = 0
        /// Objects the cache already had.
        public var alreadyInCache = 0
        /// Objects the remote does not have.
        public var missingOnRemote = 0
        /// Objects that failed for another reason (corrupt copies included).
        public var failed = 0
        public var retries = 0
        /// The most objects that moved at once (the transfer queue's widest).
        public var jobs = 0
        public var elapsed: Double = 0
        public var errors: [any Error] = []
        /// The objects this fetch downloaded, each verified against its oid on the way in: a
        /// checkout right after (`mlx pull`) need not hash them again.
        public var verified: Set<ObjectID> = []
        /// Run-cache entries fetched (`--run-cache`), and those the cache already had.
        public var runsFetched = 0
        public var runsPresent = 0
        /// Objects that did not arrive (failed or missing on the remote); errors name each.
        public var failedObjects: Set<ObjectID> = []
        /// Whether the fetch ended early (the remote stopped answering, the local disk is full);
        /// one error in `errors` says why.
        public var stopped = false
    }

    let workspace: Workspace
    let remote: any Remote
    let queue: TransferQueue
    let collector: ObjectCollector

    public init(workspace: Workspace, remote: any Remote, queue: TransferQueue, sourceControl: (any SourceControl)?) {
        self.workspace = workspace
        self.remote = remote
        self.queue = queue
        self.collector = ObjectCollector(workspace: workspace, sourceControl: sourceControl)
    }

    /// Fetches what `targets` (absolute paths; none: all) name in `scope`; with `runCache`,
    /// also every entry of the remote's run cache and the objects it names.
    public func fetch(targets: [String], scope: RevisionScope, runCache: Bool = false,
                      progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        let (outputs, errors) = try collector.outputs(targets: targets, scope: scope)
        var report = fetch(outputs, errors: errors, progress: progress)
        if runCache {
            let started = ContinuousClock.now
            let runs = try RemoteRunCache(remote: remote, queue: queue)
                .fetchAll(into: workspace.project.runCache, store: workspace.store, progress: progress)
            report.runsFetched = runs.entries
            report.runsPresent = runs.entriesPresent
            report.fetched += runs.objects
            report.bytes += runs.bytes
            report.failed += runs.failed
            report.retries += runs.retries
            report.errors += runs.errors
            report.elapsed += PushOperation.seconds(since: started)
        }
        return report
    }

    /// Fetches the objects of `outputs` (stage outputs git carries left out); `errors` are
    /// carried into the report.
    public func fetch(_ outputs: [ObjectCollector.Output], errors: [any Error] = [],
                      progress: (@Sendable (TransferProgress) -> Void)? = nil) -> Report {
        let outputs = outputs.filter { !$0.carriedByGit }
        let started = ContinuousClock.now
        let store = workspace.store
        var report = Report()
        report.errors = errors

        var manifests: [ObjectID: TransferItem] = [:]
        for output in outputs {
            guard let oid = output.tracked.output.objectID, oid.isDirectory else { continue }
            if store.contains(oid) {
                if manifests[oid] == nil { report.alreadyInCache += 1 }
            } else if manifests[oid] == nil {
                manifests[oid] = TransferItem(oid: oid, size: 0, path: output.label)
            }
        }
        let tracker = ProgressTracker(totals: TransferProgress(filesTotal: manifests.count), callback: progress)
        let manifestReport = download(Array(manifests.values), tracker: tracker)
        absorb(manifestReport, into: &report)
        if let stop = manifestReport.stopError(verb: "fetched") {
            // The directories' files are unknown without their manifests: stop here, with one error.
            stopped(stop, unsent: manifestReport.unsent.count, into: &report)
            report.elapsed = PushOperation.seconds(since: started)
            return report
        }
        let failedManifests = Set(manifestReport.failures.map(\.item.oid) + manifestReport.notFound.map(\.oid))

        let objects = collector.objects(of: outputs, manifest: collector.cachedManifest)
        for (output, error) in objects.unexpanded {
            // Already reported as a failed download.
            if let oid = output.tracked.output.objectID, failedManifests.contains(oid) { continue }
            report.errors.append(error)
            report.failed += 1
        }
        var wanted: [TransferItem] = []
        for item in objects.files.values {
            if store.contains(item.oid) {
                report.alreadyInCache += 1
            } else {
                wanted.append(item)
            }
        }
        tracker.addToTotals(files: wanted.count, bytes: wanted.reduce(0) { $0 + $1.size })
        let fileReport = download(wanted, tracker: tracker)
        absorb(fileReport, into: &report)
        if let stop = fileReport.stopError(verb: "fetched") { stopped(stop, unsent: fileReport.unsent.count, into: &report) }
        report.elapsed = PushOperation.seconds(since: started)
        return report
    }

    /// Downloads the manifests `items` into the cache (for gc, which must know every
    /// directory's files before it deletes anything).
    func fetchManifests(_ items: [TransferItem]) -> TransferReport<TransferItem> {
        download(items, tracker: ProgressTracker(totals: TransferProgress(filesTotal: items.count), callback: nil))
    }

    private func download(_ items: [TransferItem], tracker: ProgressTracker) -> TransferReport<TransferItem> {
        FetchOperation.download(items, into: workspace.store, from: remote, queue: queue, tracker: tracker)
    }

    /// Downloads at most this many objects, or bytes, before they are made durable and moved
    /// into the cache: the syncs are shared, and a fetch killed or cut off halfway keeps what it
    /// committed, so the next one resumes instead of starting over.
    static let commitEvery = (objects: 1_000, bytes: Int64(256 << 20))

    /// Downloads `items` into `store`, each verified against its oid before it enters, and
    /// committed in batches (`ObjectStore.commitDownloads`); all are in place when this returns.
    static func download(_ items: [TransferItem], into store: ObjectStore, from remote: any Remote, queue: TransferQueue,
                         tracker: ProgressTracker) -> TransferReport<TransferItem> {
        typealias Pending = (downloads: [(temporary: String, oid: ObjectID)], bytes: Int64)
        let pending = Mutex<Pending>(([], 0))
        let failedCommits = Mutex<[ObjectID: any Error]>([:])
        @Sendable func commit(_ batch: [(temporary: String, oid: ObjectID)]) {
            do {
                try store.commitDownloads(batch)
            } catch {
                // Nothing of the batch can be trusted to be in the cache.
                failedCommits.withLock { failed in for download in batch { failed[download.oid] = error } }
            }
        }
        var report = queue.run(items, progress: tracker.forward(base: tracker.current)) { item in
            let temporary = store.stagingPath()
            do {
                try remote.download(item.key, to: temporary)
                try store.verifyDownload(temporary, oid: item.oid, size: item.oid.isDirectory ? nil : item.size, displayPath: item.path,
                                         sizeSource: item.sizeSource)
            } catch {
                Syscall.unlinkIfPresent(temporary)
                // A full or read-only local disk fails every object alike: one error, naming the cache.
                throw LocalDiskError.classify(error, folder: store.root) ?? error
            }
            let full = pending.withLock { state -> [(temporary: String, oid: ObjectID)]? in
                state.downloads.append((temporary, item.oid))
                state.bytes += item.size
                guard state.downloads.count >= commitEvery.objects || state.bytes >= commitEvery.bytes else { return nil }
                defer { state = ([], 0) }
                return state.downloads
            }
            if let full { commit(full) }
        }
        commit(pending.withLock { $0.downloads })
        let failed = failedCommits.withLock { $0 }
        if !failed.isEmpty {
            if let disk = failed.values.lazy.compactMap({ LocalDiskError.classify($0, folder: store.root) }).first {
                report.unsent += report.done.filter { failed[$0.oid] != nil }
                if report.stopped == nil { report.stopped = disk }
            } else {
                report.failures += report.done.compactMap { item in failed[item.oid].map { TransferFailure(item: item, error: $0) } }
            }
            report.done.removeAll { failed[$0.oid] != nil }
        }
        tracker.advance(by: report)
        return report
    }

    /// Reports a batch that ended early as one error, counting what it left as failed.
    private func stopped(_ stop: any ReportableError, unsent: Int, into report: inout Report) {
        report.stopped = true
        report.failed += unsent
        report.errors.append(stop)
    }

    private func absorb(_ transfers: TransferReport<TransferItem>, into report: inout Report) {
        report.fetched += transfers.done.count
        report.verified.formUnion(transfers.done.map(\.oid))
        // Manifests have no size until downloaded: count what arrived (files were checked
        // against their sizes on the way in).
        report.bytes += transfers.done.reduce(0) { total, item in
            guard item.oid.isDirectory, let stat = try? FileStat(path: workspace.store.path(for: item.oid)) else { return total + item.size }
            return total + stat.size
        }
        report.failed += transfers.failures.count
        report.missingOnRemote += transfers.notFound.count
        report.failedObjects.formUnion(transfers.failures.map(\.item.oid) + transfers.notFound.map(\.oid) + transfers.unsent.map(\.oid))
        report.retries += transfers.retries
        report.jobs = max(report.jobs, transfers.peakJobs)
        for failure in transfers.failures { report.errors.append(failure.error) }
        for item in transfers.notFound {
            report.errors.append(CacheError(subject: item.path, oid: item.oid,
                                            message: "object \(item.oid.string) is missing on remote \(remote.displayName)",
                                            hint: "push it from a machine whose cache has it ('mlx push')"))
        }
    }
}
