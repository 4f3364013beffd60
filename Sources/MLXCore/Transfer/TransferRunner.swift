/// Runs many transfers against a remote: how wide, in what order, how often to retry, and
/// what to tell the user on the way. MLXCore's operations say what to move; the implementation
/// (`MLXRemote.TransferQueue`) owns concurrency, retries with backoff and progress.
public protocol TransferRunner: Sendable {
    /// Calls `body` once per item (more often when it throws a retryable `RemoteError`), several
    /// at once, largest items first, and reports how each ended. A `.notFound` `RemoteError` puts
    /// the item in `notFound`; any other error (or a retryable one after the last attempt) in
    /// `failures`. One failure does not stop the rest, with two exceptions that end the batch
    /// early, report one error in `stopped` and list the items left in `unsent`: a run of
    /// consecutive retryable failures (the remote stopped answering; `RemoteUnavailableError`)
    /// and a `LocalDiskError` (the local disk is full or read-only).
    func run(_ items: [TransferItem], progress: (@Sendable (TransferProgress) -> Void)?,
             _ body: @escaping @Sendable (TransferItem) throws -> Void) -> TransferReport

    /// Calls `body` until it succeeds, throws something other than a retryable `RemoteError`,
    /// or runs out of attempts (for single calls such as a listing).
    func retrying<T>(_ body: () throws -> T) throws -> T
}

/// One object to move between the cache and a remote.
public struct TransferItem: Sendable, Hashable {
    public let oid: ObjectID
    /// The object's key on the remote (`ObjectStore.key(for:)`).
    public let key: String
    /// Size in bytes, or 0 when not known before the transfer (a manifest being fetched).
    public let size: Int64
    /// Where the object is used, for messages: `data/images/cat.jpg`.
    public let path: String
    /// The pointer (or lock) file that recorded `size`, when one did: a download whose size
    /// differs but whose content matches the oid proves that file wrong, not the remote.
    public var sizeSource: String?

    public init(oid: ObjectID, size: Int64, path: String) {
        self.oid = oid
        self.key = ObjectStore.key(for: oid)
        self.size = size
        self.path = path
    }
}

/// Where a batch of transfers stands, for a progress line.
public struct TransferProgress: Sendable, Equatable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int64
    public var bytesTotal: Int64
    public var failed: Int
    /// Seconds since the batch started.
    public var elapsed: Double

    public init(filesDone: Int = 0, filesTotal: Int = 0, bytesDone: Int64 = 0, bytesTotal: Int64 = 0, failed: Int = 0, elapsed: Double = 0) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.failed = failed
        self.elapsed = elapsed
    }

    /// Bytes per second so far.
    public var bytesPerSecond: Double { elapsed > 0 ? Double(bytesDone) / elapsed : 0 }

    /// Estimated seconds left at the rate so far, when there is a rate to go by.
    public var secondsRemaining: Double? {
        guard elapsed > 0.2, filesDone > 0 else { return nil }
        if bytesTotal > 0 && bytesDone > 0 {
            return Double(bytesTotal - bytesDone) / bytesPerSecond
        }
        return Double(filesTotal - filesDone) * elapsed / Double(filesDone)
    }
}

/// One item that did not make it, and why.
public struct TransferFailure: Sendable {
    public let item: TransferItem
    public let error: any Error

    public init(item: TransferItem, error: any Error) {
        self.item = item
        self.error = error
    }
}

/// How a batch of transfers ended.
public struct TransferReport: Sendable {
    /// Items transferred, in completion order.
    public var done: [TransferItem] = []
    /// Items the remote does not have (downloads).
    public var notFound: [TransferItem] = []
    public var failures: [TransferFailure] = []
    /// Calls repeated after a retryable error.
    public var retries = 0
    public var elapsed: Double = 0
    /// Why the batch ended early, when it did: a `RemoteUnavailableError` or a `LocalDiskError`.
    public var stopped: (any ReportableError)?
    /// Items not transferred because the batch ended early: never started, or given up on when
    /// the stop came (their own errors are folded into `stopped`).
    public var unsent: [TransferItem] = []

    public init() {}

    /// Bytes of the items transferred.
    public var bytes: Int64 { done.reduce(0) { $0 + $1.size } }

    /// Appends `other`, as if both batches had been one.
    public mutating func merge(_ other: TransferReport) {
        done += other.done
        notFound += other.notFound
        failures += other.failures
        retries += other.retries
        elapsed += other.elapsed
        unsent += other.unsent
        if stopped == nil { stopped = other.stopped }
    }
}

extension TransferReport {
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
