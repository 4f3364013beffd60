import Dispatch
import Foundation
import MLXHash
import Synchronization

/// Moves many objects or run-cache entries at once (git-lfs's transfer queue idea, apart from
/// the remotes): every remote call an operation makes goes through one queue, so `-j` and the
/// retry policy govern them all. A fixed number of worker threads take items largest first,
/// retry retryable errors with backoff, report `.notFound` to the caller, fail everything else
/// at once, and count progress.
///
/// A circuit breaker ends the batch when `breakerThreshold` transfers in a row (across all
/// workers, no success between) failed with retryable errors after their retries: the remote
/// stopped answering, and trying each remaining object for seconds apiece would take hours
/// to say so. A `LocalDiskError` (the local disk is full) and a `RemoteError` that `endsBatch`
/// (a refused login) end it at once. Either way no new
/// transfer starts, transfers in their backoff give up, and the report carries one error.
///
/// The width is `jobs`, or, with `adaptiveCeiling`, starts at `jobs` and adapts between 1 and
/// the ceiling to what the link gives (`ConcurrencyController`): the user of a remote 20 ms
/// away should not need to find the right `-j`. Workers above the current width wait.
///
/// Threads rather than tasks or `concurrentPerform`: remote calls block on the network or a
/// slow disk, and the width must be what `-j` says, not the number of cores.
public final class TransferQueue: Sendable {
    /// Transfers at once (at first, when adaptive).
    public let jobs: Int
    /// The most transfers at once an adaptive queue may reach; nil for a fixed width.
    public let adaptiveCeiling: Int?
    public let retry: RetryPolicy
    /// Transfers failing in a row, each after its retries, that end the batch.
    public let breakerThreshold: Int
    private let sleep: @Sendable (Double) -> Void

    /// What the workers share.
    private struct QueueState<Item: TransferQueueItem> {
        var width: ConcurrencyController
        var next = 0
        var report = TransferReport<Item>()
        var progress: TransferProgress
        var consecutiveFailures = 0
        var stop: (any ReportableError)?
    }

    /// A queue `jobs` wide (see `defaultJobs`); `sleep` waits between retries (tests pass one
    /// that does not).
    public init(jobs: Int = TransferQueue.defaultJobs(), adaptiveCeiling: Int? = nil, retry: RetryPolicy = RetryPolicy(),
                breakerThreshold: Int = 8, sleep: @escaping @Sendable (Double) -> Void = TransferQueue.pause) {
        let jobs = max(1, jobs)
        self.jobs = jobs
        self.adaptiveCeiling = adaptiveCeiling.map { max(jobs, $0) }
        self.retry = retry
        self.breakerThreshold = max(1, breakerThreshold)
        self.sleep = sleep
    }

    /// Blocks the calling thread for `seconds`, at most an hour: how a queue waits between retries.
    public static func pause(_ seconds: Double) {
        if seconds > 0 { Syscall.sleep(seconds: min(seconds, 3600)) }
    }

    /// 4 x the cores, but at most a quarter of the open-file limit: each transfer holds a
    /// source, a destination and perhaps a connection, and the rest of mlx needs some too.
    public static func defaultJobs(cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                                   openFileLimit: Int = TransferQueue.openFileLimit()) -> Int {
        max(1, min(4 * max(1, cores), openFileLimit / 4))
    }

    /// The queue for `remote`: `jobs` wide when the user chose (`-j`, `remote.<name>.jobs`),
    /// else adaptive from the default up to `adaptiveCeiling()` where the remote gains from it.
    public convenience init(for remote: any Remote, jobs: Int?, retries: Int) {
        self.init(jobs: jobs ?? TransferQueue.defaultJobs(),
                  adaptiveCeiling: jobs == nil && remote.adaptsConcurrency ? TransferQueue.adaptiveCeiling() : nil,
                  retry: RetryPolicy(attempts: retries + 1))
    }

    /// 256, but at most a quarter of the open-file limit (as `defaultJobs`): what s5cmd runs
    /// by default, enough for a link of 20 ms to carry thousands of small objects a second.
    public static func adaptiveCeiling(openFileLimit: Int = TransferQueue.openFileLimit()) -> Int {
        max(1, min(256, openFileLimit / 4))
    }

    /// The soft `RLIMIT_NOFILE`.
    public static func openFileLimit() -> Int {
        Syscall.openFileLimit() ?? 1024
    }

    /// Calls `body` once per item (more often when it throws a retryable `RemoteError`), `jobs`
    /// at once, largest items first, and reports how each ended. A `.notFound` `RemoteError` puts
    /// the item in `notFound`; any other error (or a retryable one after the last attempt) in
    /// `failures`. One failure does not stop the rest, with two exceptions that end the batch
    /// early, report one error in `stopped` and list the items left in `unsent`: a run of
    /// consecutive retryable failures (the remote stopped answering; `RemoteUnavailableError`)
    /// and a `LocalDiskError` (the local disk is full or read-only).
    public func run<Item: TransferQueueItem>(_ items: [Item], progress: (@Sendable (TransferProgress) -> Void)?,
                                             _ body: @escaping @Sendable (Item) throws -> Void) -> TransferReport<Item> {
        let start = DispatchTime.now().uptimeNanoseconds
        @Sendable func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        guard !items.isEmpty else { return TransferReport() }
        // Largest first: the long transfers start early instead of trailing alone at the end.
        let ordered = items.sorted { $0.size > $1.size }
        let width = ConcurrencyController(initial: jobs, maximum: adaptiveCeiling ?? jobs)
        let state = WaitableState(QueueState<Item>(width: width, progress: TransferProgress(filesTotal: items.count,
                                                                                          bytesTotal: items.reduce(0) { $0 + $1.size })))
        let stopped = Atomic<Bool>(false)

        let retry = self.retry, sleep = self.sleep, breakerThreshold = self.breakerThreshold
        // A width the user chose stays: the controller only hears of an adaptive queue's transfers.
        let adaptive = adaptiveCeiling != nil
        let work: @Sendable (Int) -> Void = { worker in
            while true {
                // Workers above the current width wait until it grows or nothing is left.
                let (taken, last) = state.withLock(waitingWhile: { state in
                    state.stop == nil && state.next < ordered.count && worker >= state.width.limit
                }) { state -> (Int?, Bool) in
                    guard state.stop == nil, state.next < ordered.count else { return (nil, false) }
                    defer { state.next += 1 }
                    return (state.next, state.next == ordered.count - 1)
                }
                if last { state.wakeAll() }
                guard let index = taken else { return }
                let item = ordered[index]
                var attempt = 1
                var retries = 0
                var outcome: Result<Void, any Error>
                while true {
                    do {
                        try body(item)
                        outcome = .success(())
                        break
                    } catch let error as RemoteError
                                where error.kind == .retryable && attempt < retry.attempts && !stopped.load(ordering: .relaxed) {
                        retries += 1
                        // The link or the server is overloaded: narrow now, not after the backoff.
                        if adaptive { state.withLock { $0.width.failed(at: elapsed()) } }
                        sleep(retry.delay(beforeRetry: attempt))
                        attempt += 1
                    } catch {
                        outcome = .failure(error)
                        break
                    }
                }
                let (snapshot, widened) = state.withLock { state -> (TransferProgress, Bool) in
                    state.report.retries += retries
                    let widthBefore = state.width.limit
                    let now = elapsed()
                    switch outcome {
                    case .success:
                        if adaptive { state.width.completed(bytes: item.size, at: now) }
                        state.consecutiveFailures = 0
                        state.report.done.append(item)
                        state.progress.filesDone += 1
                        state.progress.bytesDone += item.size
                    case .failure(let error as RemoteError) where error.kind == .notFound:
                        state.consecutiveFailures = 0
                        state.report.notFound.append(item)
                        state.progress.failed += 1
                    case .failure(let error as RemoteError) where error.kind == .retryable:
                        if adaptive { state.width.failed(at: now) }
                        state.consecutiveFailures += 1
                        state.report.failures.append(TransferFailure(item: item, error: error))
                        state.progress.failed += 1
                        if state.stop == nil && state.consecutiveFailures >= breakerThreshold {
                            state.stop = RemoteUnavailableError(remote: error.remote, cause: error.message,
                                                                consecutiveFailures: state.consecutiveFailures, unsent: 0)
                            stopped.store(true, ordering: .relaxed)
                        }
                    case .failure(let error as RemoteError) where error.endsBatch:
                        if state.stop == nil {
                            state.stop = error
                            stopped.store(true, ordering: .relaxed)
                        }
                        state.report.unsent.append(item)
                        state.progress.failed += 1
                    case .failure(let error as LocalDiskError):
                        if state.stop == nil {
                            state.stop = error
                            stopped.store(true, ordering: .relaxed)
                        }
                        state.report.unsent.append(item)
                        state.progress.failed += 1
                    case .failure(let error):
                        state.report.failures.append(TransferFailure(item: item, error: error))
                        state.progress.failed += 1
                    }
                    state.progress.elapsed = now
                    return (state.progress, state.width.limit > widthBefore || state.stop != nil)
                }
                if widened { state.wakeAll() }
                progress?(snapshot)
            }
        }
        ThreadGroup(count: min(adaptiveCeiling ?? jobs, ordered.count), stackSize: 1 << 20) { work($0) }.join()
        var report = state.withLock { state in
            var report = state.report
            report.peakJobs = min(state.width.peak, ordered.count)
            if var stop = state.stop {
                // One error for the stop: the connection failures that tripped it are part of it.
                let folded = report.failures.filter { ($0.error as? RemoteError)?.kind == .retryable }
                report.failures.removeAll { ($0.error as? RemoteError)?.kind == .retryable }
                report.unsent += folded.map(\.item) + ordered[min(state.next, ordered.count)...]
                if var unavailable = stop as? RemoteUnavailableError {
                    unavailable.unsent = report.unsent.count
                    stop = unavailable
                } else if var disk = stop as? LocalDiskError {
                    disk.unsent = report.unsent.count
                    stop = disk
                }
                report.stopped = stop
            }
            return report
        }
        report.elapsed = elapsed()
        return report
    }

    /// Calls `body` until it succeeds, throws something other than a retryable `RemoteError`,
    /// or runs out of attempts (for single calls such as a listing).
    public func retrying<T>(_ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as RemoteError where error.kind == .retryable && attempt < retry.attempts {
                sleep(retry.delay(beforeRetry: attempt))
                attempt += 1
            }
        }
    }
}
