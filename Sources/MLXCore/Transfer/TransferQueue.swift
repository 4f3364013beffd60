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
/// Threads rather than tasks or `concurrentPerform`: remote calls block on the network or a
/// slow disk, and the width must be what `-j` says, not the number of cores.
public final class TransferQueue: Sendable {
    /// Transfers at once.
    public let jobs: Int
    public let retry: RetryPolicy
    /// Transfers failing in a row, each after its retries, that end the batch.
    public let breakerThreshold: Int
    private let sleep: @Sendable (Double) -> Void

    /// What the workers share.
    private struct QueueState<Item: TransferQueueItem> {
        var next = 0
        var report = TransferReport<Item>()
        var progress: TransferProgress
        var consecutiveFailures = 0
        var stop: (any ReportableError)?
    }

    /// A queue `jobs` wide (see `defaultJobs`); `sleep` waits between retries (tests pass one
    /// that does not).
    public init(jobs: Int = TransferQueue.defaultJobs(), retry: RetryPolicy = RetryPolicy(), breakerThreshold: Int = 8,
                sleep: @escaping @Sendable (Double) -> Void = TransferQueue.pause) {
        self.jobs = max(1, jobs)
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
        let state = Mutex(QueueState<Item>(progress: TransferProgress(filesTotal: items.count, bytesTotal: items.reduce(0) { $0 + $1.size })))
        let stopped = Atomic<Bool>(false)

        let retry = self.retry, sleep = self.sleep, breakerThreshold = self.breakerThreshold
        let work: @Sendable () -> Void = {
            while true {
                let taken = state.withLock { state -> Int? in
                    guard state.stop == nil, state.next < ordered.count else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
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
                        sleep(retry.delay(beforeRetry: attempt))
                        attempt += 1
                    } catch {
                        outcome = .failure(error)
                        break
                    }
                }
                let snapshot = state.withLock { state -> TransferProgress in
                    state.report.retries += retries
                    switch outcome {
                    case .success:
                        state.consecutiveFailures = 0
                        state.report.done.append(item)
                        state.progress.filesDone += 1
                        state.progress.bytesDone += item.size
                    case .failure(let error as RemoteError) where error.kind == .notFound:
                        state.consecutiveFailures = 0
                        state.report.notFound.append(item)
                        state.progress.failed += 1
                    case .failure(let error as RemoteError) where error.kind == .retryable:
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
                    state.progress.elapsed = elapsed()
                    return state.progress
                }
                progress?(snapshot)
            }
        }
        ThreadGroup(count: min(jobs, ordered.count), stackSize: 1 << 20) { _ in work() }.join()
        var report = state.withLock { state in
            var report = state.report
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
