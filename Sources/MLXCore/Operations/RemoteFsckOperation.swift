import MLXHash
import Synchronization

/// `mlx fsck -r REMOTE`: downloads every object of a remote and hashes it, `-j` at a time, to
/// find copies that no longer match their names (a remote is trusted by name and size
/// everywhere else). It also decodes each manifest and names the directories whose files the
/// remote lacks, though the manifest's presence claims they are complete.
///
/// Nothing on the remote is changed: `mlx push --verify` (or `--force`) replaces bad copies
/// from a cache that has good ones. Downloads go to the cache's `staging/` folder and are
/// deleted once hashed; nothing enters the cache.
public struct RemoteFsckOperation {
    let store: ObjectStore
    let remote: any Remote
    let queue: TransferQueue

    public init(store: ObjectStore, remote: any Remote, queue: TransferQueue) {
        self.store = store
        self.remote = remote
        self.queue = queue
    }

    /// What checking one object found.
    enum Outcome {
        case intact
        case corrupt(Digest)
        case manifest([ObjectID])
        case invalidManifest(String)
    }

    /// Checks every object on the remote. Objects that cannot be downloaded are findings;
    /// a remote that cannot be listed, stops answering, or a full local disk, throws.
    public func run(progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> RemoteFsckReport {
        let listed = try RemoteInventory.list(remote, queue: queue)
        let items = listed.map { oid, size in TransferItem(oid: oid, size: size, path: ObjectStore.key(for: oid)) }
        let found = Mutex<[ObjectID: Outcome]>([:])
        let store = self.store, remote = self.remote
        let transfers = queue.run(items, progress: progress) { item in
            let outcome = try RemoteFsckOperation.check(item, on: remote, in: store)
            found.withLock { $0[item.oid] = outcome }
        }
        if let stop = transfers.stopError(verb: "checked") { throw stop }

        var report = RemoteFsckReport(remote: remote.displayName)
        let outcomes = found.withLock { $0 }
        for item in transfers.done.sorted(by: { $0.oid < $1.oid }) {
            report.checkedObjects += 1
            report.checkedBytes += item.size
            switch outcomes[item.oid] {
            case .corrupt(let actual)?:
                report.corrupt.append(.init(oid: item.oid.string, message: "content hashes to \(actual.hex), not to its name",
                                            quarantinedTo: nil))
            case .invalidManifest(let message)?:
                report.invalidManifests.append(.init(oid: item.oid.string, message: message, quarantinedTo: nil))
            case .manifest(let files)?:
                let missing = files.filter { listed[$0] == nil }
                if !missing.isEmpty {
                    report.incompleteDirectories.append(.init(
                        oid: item.oid.string,
                        message: "\(missing.count) of its \(files.count) files \(missing.count == 1 ? "is" : "are") missing on the remote "
                            + "(first: \(missing.min()!.string))",
                        quarantinedTo: nil))
                }
            case .intact?, nil:
                break
            }
        }
        for failure in transfers.failures {
            report.unreadable.append(.init(oid: failure.item.oid.string, message: "\(failure.error)", quarantinedTo: nil))
        }
        // Listed, then gone: deleted by a concurrent gc; nothing to vouch for.
        report.vanished = transfers.notFound.count
        report.unreadable.sort { $0.oid < $1.oid }
        return report
    }

    /// The items whose copies on `remote` do not hash to their names (for `push --verify`).
    static func damaged(_ items: [TransferItem], on remote: any Remote, queue: TransferQueue,
                        store: ObjectStore) throws -> [TransferItem] {
        let damaged = Mutex<[TransferItem]>([])
        let transfers = queue.run(items, progress: nil) { item in
            if case .corrupt = try check(item, on: remote, in: store) { damaged.withLock { $0.append(item) } }
        }
        if let stop = transfers.stopError(verb: "checked") { throw stop }
        if let failure = transfers.failures.first { throw failure.error }
        return damaged.withLock { $0 }
    }

    /// Downloads `item` into a staging file, hashes it (and decodes a manifest), deletes it.
    static func check(_ item: TransferItem, on remote: any Remote, in store: ObjectStore) throws -> Outcome {
        let temporary = store.stagingPath()
        defer { Syscall.unlinkIfPresent(temporary) }
        do {
            try remote.download(item.key, to: temporary)
            if item.oid.isDirectory {
                let bytes = try Syscall.readFile(temporary)
                let actual = store.hasher.hash(bytes)
                guard actual == item.oid.digest else { return .corrupt(actual) }
                do {
                    return .manifest(try Manifest.decode(bytes, oid: item.oid).entries.map { ObjectID($0.oid) })
                } catch {
                    return .invalidManifest("\(error)")
                }
            }
            let fd = try Syscall.open(temporary, .readOnly)
            defer { Syscall.close(fd) }
            let actual = try store.hasher.hash(openFile: fd, name: temporary)
            return actual == item.oid.digest ? .intact : .corrupt(actual)
        } catch {
            throw LocalDiskError.classify(error, folder: store.root) ?? error
        }
    }
}
