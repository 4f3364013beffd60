import Foundation
import MLXCore
import MLXHash
import MLXTestSupport
import Synchronization
import Testing

/// Items whose oids are made up: the queue never looks inside them.
private func items(_ sizes: [Int64]) -> [TransferItem] {
    sizes.enumerated().map { index, size in
        let hex = String(repeating: String(format: "%02x", index % 256), count: 32)
        return TransferItem(oid: ObjectID(hex)!, size: size, path: "data/file\(index)")
    }
}

private let noSleep: @Sendable (Double) -> Void = { _ in }

@Suite struct TransferQueueTests {
    @Test func retriesRetryableFaultsUntilTheyPass() throws {
        let folder = TemporaryDirectory()
        let source = try folder.write("a", "payload")
        let remote = MemoryRemote()
        remote.failCall(.upload, number: 1)
        remote.failCall(.upload, number: 2)
        remote.failCall(.upload, number: 5)
        let queue = TransferQueue(jobs: 2, retry: RetryPolicy(attempts: 4), sleep: noSleep)
        let report = queue.run(items([7, 7, 7]), progress: nil) { item in
            try remote.upload(source, size: 7, to: item.key)
        }
        #expect(report.done.count == 3)
        #expect(report.failures.isEmpty)
        #expect(report.retries == 3)
        #expect(remote.keys.count == 3)
    }

    @Test func permanentFailsAtOnceAndTheRestGoOn() throws {
        let folder = TemporaryDirectory()
        let source = try folder.write("a", "payload")
        let remote = MemoryRemote()
        let all = items([7, 7, 7])
        remote.failKey(all[1].key, with: .permanent)
        let queue = TransferQueue(jobs: 1, retry: RetryPolicy(attempts: 5), sleep: noSleep)
        let report = queue.run(all, progress: nil) { item in try remote.upload(source, size: 7, to: item.key) }
        #expect(report.done.count == 2)
        #expect(report.failures.map(\.item) == [all[1]])
        #expect(remote.callCount(.upload) == 3)
        #expect(report.retries == 0)
    }

    @Test func retryableGivesUpAfterTheLastAttempt() throws {
        let remote = MemoryRemote()
        let all = items([1])
        remote.failKey(all[0].key)
        let delays = Mutex<[Double]>([])
        let queue = TransferQueue(jobs: 1, retry: RetryPolicy(attempts: 3, base: 1, cap: 1.5)) { delay in delays.withLock { $0.append(delay) } }
        let report = queue.run(all, progress: nil) { item in _ = try remote.size(of: item.key) }
        #expect(report.failures.count == 1)
        #expect((report.failures.first?.error as? RemoteError)?.kind == .retryable)
        #expect(remote.callCount(.size) == 3)
        let waited = delays.withLock { $0 }
        #expect(waited.count == 2)
        #expect(waited[0] <= 1 && waited[1] <= 1.5 && waited.allSatisfy { $0 >= 0 })
    }

    @Test func notFoundIsReportedApart() throws {
        let remote = MemoryRemote()
        let folder = TemporaryDirectory()
        let report = TransferQueue(jobs: 2, sleep: noSleep).run(items([3, 4]), progress: nil) { item in
            try remote.download(item.key, to: folder.appending(item.key.replacingOccurrences(of: "/", with: "_")))
        }
        #expect(report.notFound.count == 2)
        #expect(report.failures.isEmpty)
        #expect(remote.callCount(.download) == 2)
    }

    @Test func largestFirstAndProgressAddsUp() throws {
        let order = Mutex<[Int64]>([])
        let snapshots = Mutex<[TransferProgress]>([])
        let report = TransferQueue(jobs: 1, sleep: noSleep).run(items([5, 500, 50, 0]), progress: { progress in
            snapshots.withLock { $0.append(progress) }
        }) { item in order.withLock { $0.append(item.size) } }
        #expect(order.withLock { $0 } == [500, 50, 5, 0])
        #expect(report.bytes == 555)
        let last = try #require(snapshots.withLock { $0.last })
        #expect(last.filesDone == 4 && last.filesTotal == 4 && last.bytesDone == 555 && last.bytesTotal == 555 && last.failed == 0)
    }

    @Test func concurrencyIsBoundedByJobsAndReachesIt() throws {
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        _ = TransferQueue(jobs: 5, sleep: noSleep).run(items(Array(repeating: 1, count: 40)), progress: nil) { _ in
            let now = running.add(1, ordering: .relaxed).newValue
            _ = peak.max(now, ordering: .relaxed)
            usleep(5_000)
            running.subtract(1, ordering: .relaxed)
        }
        #expect(peak.load(ordering: .relaxed) == 5)
    }

    @Test func defaultWidthIsFourPerCoreWithinTheOpenFileLimit() {
        #expect(TransferQueue.defaultJobs(cores: 2, openFileLimit: 20_000) == 8)
        #expect(TransferQueue.defaultJobs(cores: 64, openFileLimit: 1024) == 256)
        #expect(TransferQueue.defaultJobs(cores: 8, openFileLimit: 16) == 4)
        #expect(TransferQueue.defaultJobs(cores: 1, openFileLimit: 2) == 1)
    }

    @Test func retryingWrapsSingleCalls() throws {
        let remote = MemoryRemote()
        remote.failCall(.list, number: 1)
        let queue = TransferQueue(jobs: 1, sleep: noSleep)
        #expect(try queue.retrying { try remote.list(prefix: "") }.isEmpty)
        remote.failCall(.list, number: 3, with: .permanent)
        #expect(throws: RemoteError.self) { try queue.retrying { try remote.list(prefix: "") } }
    }

    @Test func aRunOfConnectionFailuresStopsTheBatchWithOneError() throws {
        let remote = MemoryRemote()
        let all = items(Array(repeating: 1, count: 500))
        for item in all { remote.failKey(item.key) }
        let queue = TransferQueue(jobs: 4, retry: RetryPolicy(attempts: 3), breakerThreshold: 8, sleep: noSleep)
        let report = queue.run(all, progress: nil) { item in _ = try remote.size(of: item.key) }
        let stop = try #require(report.stopped as? RemoteUnavailableError)
        #expect(stop.remote == remote.displayName)
        #expect(stop.consecutiveFailures == 8)
        #expect(stop.unsent == 500)
        #expect(stop.message.contains("stopped answering"))
        #expect(stop.message.hasSuffix("500 objects not transferred"))
        // The failures that tripped the breaker are folded into the one error.
        #expect(report.failures.isEmpty)
        #expect(report.unsent.count == 500)
        // A few transfers in flight when it tripped, not 500 x 3 calls.
        #expect(remote.callCount(.size) <= (8 + 4) * 3)
    }

    @Test func aSuccessBetweenFailuresKeepsTheBreakerClosed() throws {
        let remote = MemoryRemote()
        let all = items(Array(repeating: 1, count: 60))
        for (index, item) in all.enumerated() where index % 6 != 0 { remote.failKey(item.key) }
        let queue = TransferQueue(jobs: 1, retry: RetryPolicy(attempts: 2), breakerThreshold: 8, sleep: noSleep)
        let report = queue.run(all, progress: nil) { item in _ = try remote.size(of: item.key) }
        #expect(report.stopped == nil)
        #expect(report.done.count == 10)
        #expect(report.failures.count == 50)
    }

    @Test func aFullLocalDiskStopsTheBatchAtOnce() throws {
        let calls = Atomic<Int>(0)
        let queue = TransferQueue(jobs: 2, sleep: noSleep)
        let report = queue.run(items(Array(repeating: 1, count: 200)), progress: nil) { _ in
            calls.add(1, ordering: .relaxed)
            throw LocalDiskError(folder: "/project/.mlx/cache", code: ENOSPC)
        }
        let stop = try #require(report.stopped as? LocalDiskError)
        #expect(stop.unsent == 200)
        #expect(stop.message.hasPrefix("the local disk is full: cannot write to /project/.mlx/cache (no space left on device)"))
        #expect(report.failures.isEmpty)
        #expect(calls.load(ordering: .relaxed) <= 2)
    }

    @Test func aRefusedLoginStopsTheBatchWithOneError() throws {
        let calls = Atomic<Int>(0)
        let queue = TransferQueue(jobs: 2, sleep: noSleep)
        let report = queue.run(items(Array(repeating: 1, count: 50)), progress: nil) { _ in
            calls.add(1, ordering: .relaxed)
            var refused = RemoteError(.permanent, remote: "'dav' (webdav://h/x)", message: "HTTP 401 (unauthorized) on GET")
            refused.endsBatch = true
            throw refused
        }
        let stop = try #require(report.stopped as? RemoteError)
        #expect(stop.message == "HTTP 401 (unauthorized) on GET")
        #expect(report.failures.isEmpty && report.unsent.count == 50)
        #expect(calls.load(ordering: .relaxed) <= 2)
    }

    @Test func localWriteErrorsAreToldApartFromRemoteErrors() {
        let folder = "/p/.mlx/cache"
        for code in [ENOSPC, EDQUOT, EROFS] {
            let download = RemoteError(.permanent, remote: "'r' (/store)", key: "k", message: "write failed", localErrorCode: code)
            #expect(LocalDiskError.classify(download, folder: folder)?.code == code)
            #expect(LocalDiskError.classify(FileSystemError(path: folder + "/x", operation: "write", code: code), folder: folder)?.folder == folder)
        }
        // The remote's own disk being full is the remote's problem, and other local errors stay per object.
        #expect(LocalDiskError.classify(RemoteError(.permanent, remote: "'r' (/store)", message: "no space"), folder: folder) == nil)
        #expect(LocalDiskError.classify(FileSystemError(path: folder, operation: "open", code: EACCES), folder: folder) == nil)
        #expect(LocalDiskError(folder: folder, code: EROFS).message.hasPrefix("the local disk is read-only: cannot write to /p/.mlx/cache"))
    }

    /// Runs `count` size calls on a remote whose calls each take `seconds` (a link's latency,
    /// no CPU) and returns the report and the most calls that overlapped.
    private func latencyBound(_ queue: TransferQueue, count: Int, seconds: Double) -> (TransferReport<TransferItem>, Int) {
        let remote = MemoryRemote()
        remote.slowDown(to: seconds)
        let report = queue.run(items(Array(repeating: 100, count: count)), progress: nil) { item in
            _ = try remote.size(of: item.key)
        }
        return (report, remote.peakCallsInProgress)
    }

    @Test func anAdaptiveQueueWidensWhileTheLinkGivesMore() {
        let queue = TransferQueue(jobs: 4, adaptiveCeiling: 64, sleep: noSleep)
        let (report, most) = latencyBound(queue, count: 1_500, seconds: 0.01)
        #expect(report.done.count + report.notFound.count == 1_500)
        // Waiting costs no CPU, so every doubling doubles the rate: it grows to the ceiling.
        #expect(report.peakJobs >= 32)
        #expect(most <= report.peakJobs)
        #expect(most > 4)
    }

    @Test func aFixedQueueKeepsTheWidthTheUserChose() {
        let queue = TransferQueue(jobs: 4, sleep: noSleep)
        let (report, most) = latencyBound(queue, count: 300, seconds: 0.005)
        #expect(report.done.count + report.notFound.count == 300)
        #expect(report.peakJobs == 4)
        #expect(most == 4)
    }

    @Test func onlyRemotesThatGainAdaptAndAChosenWidthStays() {
        #expect(TransferQueue(for: MemoryRemote(), jobs: nil, retries: 2).adaptiveCeiling == nil)
        #expect(TransferQueue(for: MemoryRemote(adaptsConcurrency: true), jobs: nil, retries: 2).adaptiveCeiling != nil)
        #expect(TransferQueue(for: MemoryRemote(adaptsConcurrency: true), jobs: 3, retries: 2).adaptiveCeiling == nil)
        #expect(TransferQueue(for: MemoryRemote(adaptsConcurrency: true), jobs: 3, retries: 2).jobs == 3)
        #expect(TransferQueue.adaptiveCeiling(openFileLimit: 1_024) == 256)
        #expect(TransferQueue.adaptiveCeiling(openFileLimit: 100) == 25)
        #expect(TransferQueue.adaptiveCeiling(openFileLimit: 200_000) == 256)
    }
}
