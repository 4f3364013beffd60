import Synchronization

extension PushOperation {
    /// Uploads the entries the remote lacks or holds an older result for, once their objects
    /// are all on it (SPEC §4: an entry's presence on a remote means its outputs are there).
    ///
    /// One listing of `runs/` tells which keys are there; the adapter then says, without a
    /// request where it can (S3's ETag, a folder's file), whether the remote copy holds the
    /// local bytes, so a push that changes nothing costs that one listing. A copy that differs
    /// is downloaded and replaced unless it records a later run than the local entry (another
    /// machine's newer result is kept, as a fetch would keep it).
    func pushEntries(_ runs: [RunEntry], onRemote: Set<ObjectID>, into report: inout Report) throws {
        let remote = self.remote
        let listed = try queue.retrying { () throws -> [RemoteObject] in try remote.list(prefix: "runs/") }
        let present = Dictionary(listed.compactMap { object in RunCache.key(forRelativePath: object.key).map { ($0, object) } },
                                 uniquingKeysWith: { first, _ in first })
        let runCache = workspace.project.runCache
        var differing: [RunEntry] = []
        var absent: [RunEntry] = []
        for entry in runs {
            guard let object = present[entry.key] else {
                absent.append(entry)
                continue
            }
            if remote.holdsSameBytes(object, as: runCache.path(for: entry.key)) == true {
                report.runsOnRemote += 1
            } else {
                differing.append(entry)
            }
        }
        let outdated = try outdatedOnRemote(differing, runCache: runCache, into: &report)
        var ready: [RunEntry] = []
        for entry in absent + outdated {
            let needed = collector.objects(of: entry.outputs, manifest: collector.cachedManifest)
            if needed.unexpanded.isEmpty && needed.all.isSubset(of: onRemote) {
                ready.append(entry)
            } else {
                report.failed += 1
                report.errors.append(RunCacheError(entry: RunCache.relativeKey(for: entry.key),
                                                   message: "not pushed: its outputs are not all on the remote",
                                                   hint: "fix the errors above and push again; an entry is uploaded after its outputs"))
            }
        }
        let transfers = queue.run(ready.map { RunEntryTransfer(key: $0.key, size: 0) }, progress: nil) { item in
            let path = runCache.path(for: item.key)
            try remote.upload(path, size: try FileStat(path: path).size, to: item.remoteKey)
        }
        report.runsPushed += transfers.done.count
        report.retries += transfers.retries
        report.failed += transfers.failures.count + transfers.notFound.count
        for failure in transfers.failures.sorted(by: { $0.item.key < $1.item.key }) { report.errors.append(failure.error) }
        for item in transfers.notFound {
            report.errors.append(RunCacheError(entry: item.remoteKey, message: "vanished while being pushed"))
        }
        if let stop = transfers.stopError(verb: "sent") {
            report.failed += transfers.unsent.count
            report.errors.append(stop)
        }
    }

    /// Of `entries`, whose remote copies differ or cannot be told apart from the local bytes by
    /// the listing, those to upload: the remote copy is damaged, or records no later run than
    /// the local entry and differs from it. The others count as on the remote.
    private func outdatedOnRemote(_ entries: [RunEntry], runCache: RunCache, into report: inout Report) throws -> [RunEntry] {
        guard !entries.isEmpty else { return [] }
        let source = RemoteRunCache(remote: remote, queue: queue)
        let copies = Mutex<[String: LockedStage?]>([:])
        let transfers = queue.run(entries.map { RunEntryTransfer(key: $0.key, size: 0) }, progress: nil) { item in
            do {
                let copy = try source.downloadEntry(item.key, size: nil, runCache: runCache)
                copies.withLock { $0[item.key] = .some(copy) }
            } catch is RunCacheError {
                copies.withLock { $0[item.key] = .some(nil) }
            }
        }
        report.retries += transfers.retries
        report.failed += transfers.failures.count
        for failure in transfers.failures.sorted(by: { $0.item.key < $1.item.key }) { report.errors.append(failure.error) }
        if let stop = transfers.stopError(verb: "compared") {
            report.failed += transfers.unsent.count
            report.errors.append(stop)
        }
        let remoteCopies = copies.withLock { $0 }
        let gone = Set(transfers.notFound.map(\.key))
        return entries.filter { entry in
            if gone.contains(entry.key) { return true }
            guard let copy = remoteCopies[entry.key] else { return false }
            guard let remoteEntry = copy, let local = runCache.entry(entry.key) else { return copy == nil }
            if remoteEntry == local || RunCache.isNewer(remoteEntry, than: local) {
                report.runsOnRemote += 1
                return false
            }
            return true
        }
    }
}
