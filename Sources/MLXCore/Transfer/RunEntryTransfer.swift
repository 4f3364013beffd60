/// One run-cache entry to move between the local run cache and a remote's `runs/`.
struct RunEntryTransfer: TransferQueueItem, Hashable {
    /// The run's key (64 lower-case hex digits).
    let key: String
    /// Size in bytes, or 0 when not known before the transfer (an entry being pushed).
    let size: Int64

    /// The entry's key on the remote: `runs/ab/ab12…`.
    var remoteKey: String { RunCache.relativeKey(for: key) }
}
