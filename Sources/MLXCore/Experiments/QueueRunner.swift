import Foundation

/// `mlx exp run --run-all -j N`: runs the queue's experiments, up to `jobs` at once, each in a
/// child process of its own (``QueuedExperimentRun`` behind `childArguments`) whose stdout and
/// stderr go to the entry's log as it runs.
///
/// One runner per project at a time (a lock in `.mlx/queue/`). The queue is read again each
/// time a slot frees, so experiments queued meanwhile run too; after `mlx queue stop` no new
/// one starts and the runner ends when the running ones have. Entries `queued`, and entries
/// left `running` by a process that is gone (killed with SIGKILL, a crash), are run; `failed`
/// and `done` ones are not. A child that ends without recording its end (a signal) is marked
/// failed here.
public struct QueueRunner {
    public let queue: ExperimentQueue
    public let jobs: Int
    /// The program and arguments that run one entry, given its name.
    public let childArguments: (String) -> [String]

    public init(queue: ExperimentQueue, jobs: Int, childArguments: @escaping (String) -> [String]) {
        self.queue = queue
        self.jobs = max(1, jobs)
        self.childArguments = childArguments
    }

    /// How one experiment's run ended.
    public struct Outcome: Sendable, Equatable {
        public let name: String
        /// The child's exit status; 128 + N when signal N ended it.
        public let exitStatus: Int32
        /// Why it failed, in one line; nil when it succeeded.
        public let error: String?

        public var succeeded: Bool { exitStatus == 0 }
    }

    public enum Event {
        case started(name: String, pid: Int32)
        case finished(Outcome)
    }

    /// Whether the runner would run `entry` now.
    public static func isRunnable(_ entry: QueueEntry) -> Bool {
        entry.state == .queued || ExperimentQueue.wasInterrupted(entry)
    }

    /// Runs every runnable entry; returns their outcomes in the order they ended.
    public func run(events: (Event) -> Void) throws -> [Outcome] {
        let lock = ProjectLock(path: queue.runnerLockPath)
        try lock.acquire(wait: 0, command: "mlx exp run --run-all")
        // A stop asked of an earlier runner is not this one's; one asked of this one is
        // forgotten when it ends.
        queue.clearStopRequest()
        defer {
            queue.clearStopRequest()
            lock.release()
        }
        var seen = Set<String>()
        var running: [(name: String, pid: Int32)] = []
        var outcomes: [Outcome] = []
        while true {
            if running.count < jobs && !queue.stopRequested {
                let next = try queue.entries().filter { Self.isRunnable($0) && !seen.contains($0.name) }
                for entry in next.prefix(jobs - running.count) {
                    seen.insert(entry.name)
                    let pid = try start(entry.name)
                    running.append((entry.name, pid))
                    events(.started(name: entry.name, pid: pid))
                }
            }
            if running.isEmpty { break }
            var ended: (position: Int, status: Int32)?
            while ended == nil {
                for (position, child) in running.enumerated() {
                    if let status = try Syscall.waitForChild(child.pid, block: running.count == 1, path: "mlx") {
                        ended = (position, status)
                        break
                    }
                }
                if ended == nil { Syscall.sleep(seconds: 0.005) }
            }
            guard let (position, status) = ended else { continue }
            let child = running.remove(at: position)
            Interruption.ended(child.pid)
            let outcome = settle(child.name, waitStatus: status)
            outcomes.append(outcome)
            events(.finished(outcome))
        }
        return outcomes
    }

    /// Starts the child for `name`, its output going to a fresh log.
    private func start(_ name: String) throws -> Int32 {
        let log = queue.logPath(name)
        try AtomicFile.write([UInt8](), to: log)
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        return try Interruption.startChild { () throws -> Int32 in
            try Syscall.spawn(childArguments(name), environment: environment, in: queue.project.root, stdoutToStderr: false,
                              defaultSignals: Interruption.handled + [Syscall.Signal.brokenPipe], output: log)
        }
    }

    /// The outcome of a child that ended with the raw wait status `status`; an entry the child
    /// left `running` (it was killed) is marked failed.
    private func settle(_ name: String, waitStatus status: Int32) -> Outcome {
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        var entry = try? queue.entry(name)
        if var stuck = entry, stuck.state == .running {
            stuck.state = .failed
            stuck.exitStatus = exitStatus
            stuck.finished = Date()
            stuck.error = signal == 0 ? "its run exited with status \(exitStatus)" : "its run was killed by signal \(signal)"
            try? queue.write(stuck)
            entry = stuck
        }
        if exitStatus == 0 { return Outcome(name: name, exitStatus: 0, error: nil) }
        return Outcome(name: name, exitStatus: exitStatus, error: entry?.error ?? "its run exited with status \(exitStatus)")
    }
}
