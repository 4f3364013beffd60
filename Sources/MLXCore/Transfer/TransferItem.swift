/// One object to move between the cache and a remote.
public struct TransferItem: TransferQueueItem, Hashable {
    public let oid: ObjectID
    /// The object's key on the remote (`ObjectStore.key(for:)`), made when asked: kept in each
    /// item it took ~140 bytes an object, a push of a million objects holding them all.
    public var key: String { ObjectStore.key(for: oid) }
    /// Size in bytes, or 0 when not known before the transfer (a manifest being fetched).
    public let size: Int64
    /// Where the object is used, for messages: `data/images/cat.jpg`.
    public let path: String
    /// The pointer (or lock) file that recorded `size`, when one did: a download whose size
    /// differs but whose content matches the oid proves that file wrong, not the remote.
    public var sizeSource: String?

    public init(oid: ObjectID, size: Int64, path: String) {
        self.oid = oid
        self.size = size
        self.path = path
    }
}
