import Foundation

/// Stopping and forgetting queued experiments (`mlx queue kill|remove`, `exp remove --queue`).
extension ExperimentQueue {
    /// The lock a runner (`exp run --run-all`, `queue start`) holds while it runs.
    public var runnerLockPath: String { directory + "/runner.lock" }

    /// Where `mlx queue stop` leaves word for the runner.
    var stopRequestPath: String { directory + "/stop-requested" }

    /// Whether a runner was asked to start no new experiment.
    public var stopRequested: Bool { Syscall.exists(stopRequestPath) }

    /// Asks the running runner to start no new experiment, as `dvc queue stop` does: the
    /// running ones finish, the queued ones stay queued. Returns the runner's pid, or nil when
    /// no runner runs (and then leaves nothing behind for a later one).
    public func requestStop() throws -> Int32? {
        let probe = ProjectLock(path: runnerLockPath)
        do {
            try probe.acquire(wait: 0, command: "mlx queue stop")
            probe.release()
            return nil
        } catch {
            try AtomicFile.write([UInt8](), to: stopRequestPath)
            return error.holderPID ?? 0
        }
    }

    /// Forgets a stop request (a runner starting, or one that has stopped).
    func clearStopRequest() {
        Syscall.unlinkIfPresent(stopRequestPath)
    }

    /// Interrupts the running experiment `name` as Ctrl-C would (SIGTERM: its stage commands
    /// are stopped and waited for), waits up to `seconds` for it to end, and marks it failed,
    /// as DVC does: a killed experiment is not run again by the next `--run-all`.
    ///
    /// - Throws: ``ExperimentError`` when the queue has no such entry or it is not running.
    public func kill(_ name: String, seconds: Double = 10) throws {
        guard var entry = try entry(name) else {
            throw ExperimentError("no queued experiment '\(name)'", hint: "see the queue with `mlx queue status`")
        }
        guard Self.isAlive(entry), let pid = entry.pid else {
            throw ExperimentError("queued experiment '\(name)' is not running (it is \(Self.stateWord(entry)))",
                                  hint: "remove it from the queue with `mlx queue remove \(name)`")
        }
        Syscall.signalProcess(pid, Syscall.Signal.terminate)
        let deadline = Syscall.monotonicSeconds() + seconds
        while Syscall.processIsRunning(pid) && Syscall.monotonicSeconds() < deadline {
            Syscall.sleep(seconds: 0.02)
        }
        if Syscall.processIsRunning(pid) {
            throw ExperimentError("queued experiment '\(name)' (pid \(pid)) did not stop within \(Int(seconds)) s",
                                  hint: "wait for its stage commands to end, or kill pid \(pid) yourself")
        }
        entry = try self.entry(name) ?? entry
        if entry.state == .running {
            entry.state = .failed
            entry.exitStatus = 128 + Syscall.Signal.terminate
            entry.finished = Date()
            entry.error = "killed by `mlx queue kill`"
            try write(entry)
        }
    }

    /// The word `mlx queue status` shows for an entry's state.
    public static func stateWord(_ entry: QueueEntry) -> String {
        switch entry.state {
        case .queued: return "queued"
        case .running: return wasInterrupted(entry) ? "interrupted" : "running"
        case .failed: return "failed"
        case .done: return "success"
        }
    }
}

extension ExperimentQueue {
    /// Starts `arguments` (a `--run-all` runner) detached from this process, its output going
    /// to `.mlx/queue/runner.log`; returns its pid.
    public func startInBackground(_ arguments: [String]) throws -> Int32 {
        try makeDirectory()
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        return try Syscall.spawn(arguments, environment: environment, in: project.root, stdoutToStderr: false,
                                 defaultSignals: [Syscall.Signal.brokenPipe], output: directory + "/runner.log")
    }
}
