/// How a batch of transfers ended.
public struct TransferReport<Item: TransferQueueItem>: Sendable {
    /// Items transferred, in completion order.
    public var done: [Item] = []
    /// Items the remote does not have (downloads).
    public var notFound: [Item] = []
    public var failures: [TransferFailure<Item>] = []
    /// Calls repeated after a retryable error.
    public var retries = 0
    /// The most transfers that ran at once (an adaptive queue's widest).
    public var peakJobs = 0
    public var elapsed: Double = 0
    /// Why the batch ended early, when it did: a `RemoteUnavailableError` or a `LocalDiskError`.
    public var stopped: (any ReportableError)?
    /// Items not transferred because the batch ended early: never started, or given up on when
    /// the stop came (their own errors are folded into `stopped`).
    public var unsent: [Item] = []

    public init() {}

    /// Bytes of the items transferred.
    public var bytes: Int64 { done.reduce(0) { $0 + $1.size } }

    /// Appends `other`, as if both batches had been one.
    public mutating func merge(_ other: TransferReport) {
        done += other.done
        notFound += other.notFound
        failures += other.failures
        retries += other.retries
        peakJobs = max(peakJobs, other.peakJobs)
        elapsed += other.elapsed
        unsent += other.unsent
        if stopped == nil { stopped = other.stopped }
    }

    /// `stopped`, worded for the operation: `unsent` objects (default: this batch's) not `verb`.
    public func stopError(verb: String, unsent: Int? = nil) -> (any ReportableError)? {
        switch stopped {
        case var unavailable as RemoteUnavailableError:
            unavailable.unsent = unsent ?? self.unsent.count
            unavailable.verb = verb
            return unavailable
        case var disk as LocalDiskError:
            disk.unsent = unsent ?? self.unsent.count
            disk.verb = verb
            return disk
        default:
            return stopped
        }
    }
}
