import Synchronization

/// Progress across several runs of the transfer queue, reported as one.
final class ProgressTracker: Sendable {
    private let state: Mutex<(base: TransferProgress, started: ContinuousClock.Instant)>
    private let callback: (@Sendable (TransferProgress) -> Void)?

    init(totals: TransferProgress, callback: (@Sendable (TransferProgress) -> Void)?) {
        state = Mutex((totals, ContinuousClock.now))
        self.callback = callback
    }

    /// What is done so far.
    var current: TransferProgress { state.withLock { $0.base } }

    /// A callback for one run that adds its counts to `base`.
    func forward(base: TransferProgress) -> (@Sendable (TransferProgress) -> Void)? {
        guard let callback else { return nil }
        let started = state.withLock { $0.started }
        return { run in
            var total = base
            total.filesDone += run.filesDone
            total.bytesDone += run.bytesDone
            total.failed += run.failed
            let elapsed = ContinuousClock.now - started
            total.elapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            callback(total)
        }
    }

    /// Raises the totals by work found on the way (files listed by manifests just fetched).
    func addToTotals(files: Int, bytes: Int64) {
        state.withLock { state in
            state.base.filesTotal += files
            state.base.bytesTotal += bytes
        }
    }

    /// Adds a finished run to the base.
    func advance<Item>(by report: TransferReport<Item>) {
        state.withLock { state in
            state.base.filesDone += report.done.count
            state.base.bytesDone += report.bytes
            state.base.failed += report.failures.count + report.notFound.count
        }
    }
}
