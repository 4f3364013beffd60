import Synchronization

/// Which of a set of objects a remote holds, asked in the way that costs fewer requests.
///
/// Asking per object (`size(of:)`, a HEAD on S3) costs one request per object. Listing
/// `files/blake3/` costs one request per 1,000 objects the remote holds (a directory walk for a
/// folder remote), whatever we ask about. Without knowing the remote's size up front, mlx asks
/// per object for up to `listingThreshold` objects and lists beyond that: at 64 objects a
/// listing is cheaper until the remote holds 64,000 objects, and a no-change push of 10,000
/// files is one walk instead of 10,000 requests.
///
/// A remote that cannot list (a plain web server) is always asked per object.
///
/// An object only counts as present when its size is the expected one (for a manifest whose
/// size is not known yet, any size): a truncated copy is treated as missing and replaced.
public enum RemoteInventory {
    /// Up to this many objects are checked one by one; more are checked with one listing.
    public static let listingThreshold = 64

    /// The objects of `items` that `remote` holds.
    public static func present(_ items: [TransferItem], on remote: any Remote, queue: TransferQueue) throws -> Set<ObjectID> {
        if items.isEmpty { return [] }
        if items.count > listingThreshold && remote.canList {
            // Compared by key: parsing every listed key back into an oid costs more than the listing.
            let listed = try queue.retrying { try remote.list(prefix: "files/blake3/") }
            var sizes: [String: Int64] = [:]
            sizes.reserveCapacity(listed.count)
            for object in listed { sizes[object.key] = object.size }
            var found = Set<ObjectID>(minimumCapacity: items.count)
            for item in items where sizes[item.key].map({ sizeMatches(item, $0) }) ?? false { found.insert(item.oid) }
            return found
        }
        let found = Mutex(Set<ObjectID>())
        let report = queue.run(items, progress: nil) { item in
            if let size = try remote.size(of: item.key), sizeMatches(item, size) {
                _ = found.withLock { $0.insert(item.oid) }
            }
        }
        if let stop = report.stopError(verb: "checked") { throw stop }
        if let failure = report.failures.first { throw failure.error }
        return found.withLock { $0 }
    }

    /// Every object on `remote` with its size (temporaries and foreign keys left out).
    public static func list(_ remote: any Remote, queue: TransferQueue) throws -> [ObjectID: Int64] {
        let listed = try queue.retrying { try remote.list(prefix: "files/blake3/") }
        var result: [ObjectID: Int64] = [:]
        result.reserveCapacity(listed.count)
        for object in listed {
            if let oid = ObjectStore.objectID(forKey: object.key) { result[oid] = object.size }
        }
        return result
    }

    static func sizeMatches(_ item: TransferItem, _ size: Int64) -> Bool {
        (item.oid.isDirectory && item.size == 0) || item.size == size
    }
}
