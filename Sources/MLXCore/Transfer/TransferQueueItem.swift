/// What the transfer queue needs to know of a thing it moves: a cache object
/// (`TransferItem`) or a run-cache entry (`RunEntryTransfer`).
public protocol TransferQueueItem: Sendable {
    /// Size in bytes, for the order (largest first) and progress; 0 when not known.
    var size: Int64 { get }
}
