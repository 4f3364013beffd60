import Synchronization

/// `mlx fsck`: re-hashes every object in the cache, moves the corrupt ones to the quarantine,
/// checks that every manifest decodes, and deletes temporary files that interrupted writes
/// left behind (`TemporaryFiles.isStale`: those of live writers — readers and other projects
/// sharing the cache take no lock of this project — are kept).
public struct FsckOperation: Sendable {
    /// The cache to check.
    public let store: ObjectStore
    /// How many objects to hash at once.
    public let jobs: Int
    /// A temporary whose writer cannot be checked (made on another machine sharing the cache,
    /// or by an older mlx) is left alone until it is this old (nanoseconds).
    public let temporaryFileAge: Int64
    /// The current time in nanoseconds since the epoch (tests pass a fixed clock).
    let now: @Sendable () -> Int64

    /// One minute: far longer than any single object write takes to reach its rename.
    public static let defaultTemporaryFileAge: Int64 = TemporaryFiles.localUnidentifiedAge

    /// An operation on `store`, hashing `jobs` objects at once.
    public init(store: ObjectStore, jobs: Int, temporaryFileAge: Int64 = FsckOperation.defaultTemporaryFileAge) {
        self.init(store: store, jobs: jobs, temporaryFileAge: temporaryFileAge, now: { Syscall.nowNanoseconds() })
    }

    init(store: ObjectStore, jobs: Int, temporaryFileAge: Int64, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.jobs = max(1, jobs)
        self.temporaryFileAge = temporaryFileAge
        self.now = now
    }

    /// What one object turned out to be.
    enum Outcome: Sendable {
        case intact(size: Int64)
        case corrupt(actual: String, size: Int64)
        case unreadable(String)
        case invalidManifest(String, size: Int64)
    }

    /// Checks the whole cache. Problems with single objects are findings in the report, not
    /// thrown errors; only a cache that cannot be listed at all throws.
    public func run() throws -> FsckReport {
        var report = FsckReport()
        report.removedTemporaryFiles = try removeStaleTemporaryFiles()
        let objects = try store.enumerate()
        let outcomes = Mutex([Outcome?](repeating: nil, count: objects.count))
        let store = self.store
        let failures = BoundedParallel.forEach(objects.count, width: jobs) { index in
            let outcome = FsckOperation.check(objects[index], in: store)
            outcomes.withLock { $0[index] = outcome }
        }
        let results = outcomes.withLock { $0 }
        for (index, oid) in objects.enumerated() {
            let outcome = results[index] ?? .unreadable(failures[index].map { "\($0)" } ?? "not checked")
            report.checkedObjects += 1
            switch outcome {
            case .intact(let size):
                report.checkedBytes += size
            case .corrupt(let actual, let size):
                report.checkedBytes += size
                let message = "content hashes to \(actual), not to its name"
                do {
                    let moved = try store.quarantine(oid)
                    report.corrupt.append(.init(oid: oid.string, message: message, quarantinedTo: cacheRelative(moved)))
                } catch {
                    report.corrupt.append(.init(oid: oid.string, message: "\(message); could not be quarantined: \(error)",
                                                quarantinedTo: nil))
                }
            case .unreadable(let message):
                report.unreadable.append(.init(oid: oid.string, message: message, quarantinedTo: nil))
            case .invalidManifest(let message, let size):
                report.checkedBytes += size
                report.invalidManifests.append(.init(oid: oid.string, message: message, quarantinedTo: nil))
            }
        }
        return report
    }

    /// Hashes one object; a manifest is read whole so the same bytes are hashed and decoded.
    static func check(_ oid: ObjectID, in store: ObjectStore) -> Outcome {
        let path = store.path(for: oid)
        if oid.isDirectory {
            let bytes: [UInt8]
            do {
                bytes = try store.read(oid)
            } catch {
                return .unreadable("\(error)")
            }
            let size = Int64(bytes.count)
            let actual = store.hasher.hash(bytes)
            if actual != oid.digest { return .corrupt(actual: actual.hex, size: size) }
            do {
                _ = try Manifest.decode(bytes, oid: oid)
            } catch {
                return .invalidManifest(error.message, size: size)
            }
            return .intact(size: size)
        }
        do {
            let size = try FileStat(path: path).size
            let actual = try store.hasher.hash(fileAt: path)
            return actual == oid.digest ? .intact(size: size) : .corrupt(actual: actual.hex, size: size)
        } catch {
            return .unreadable("\(error)")
        }
    }

    /// Deletes the stale `.mlx-tmp-*` files anywhere under the cache; returns their
    /// cache-relative paths, sorted.
    func removeStaleTemporaryFiles() throws -> [String] {
        _ = try Syscall.listDirectory(store.root)
        return TemporaryFiles.sweep(store.root, recursive: true, unidentifiedAge: temporaryFileAge, now: now())
            .map(cacheRelative)
            .sorted { ByteOrder.precedes($0, $1) }
    }

    private func cacheRelative(_ path: String) -> String {
        path.hasPrefix(store.root + "/") ? String(path.dropFirst(store.root.count + 1)) : path
    }
}
