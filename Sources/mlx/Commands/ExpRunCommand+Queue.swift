import ArgumentParser
import MLXCore

/// `mlx exp run --queue | --run-all [-j N] | --temp`: the queue's side of `exp run`.
extension ExpRunCommand {
    /// Refuses combinations of the queue's flags that mean nothing together.
    func validateQueueFlags() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if [queue, runAll, temp].filter({ $0 }).count > 1 {
            throw ValidationError("--queue, --run-all and --temp cannot be combined")
        }
        if jobs != 1 && !runAll { throw ValidationError("-j/--jobs goes with --run-all") }
        if runAll && (!setParams.isEmpty || name != nil || !targets.isEmpty) {
            throw ValidationError("--run-all runs what is queued: queue -S, -n and targets with --queue")
        }
        if (queue || temp || runAll) && !targets.isEmpty {
            throw ValidationError("queued experiments reproduce the whole pipeline: targets go with a workspace 'mlx exp run'")
        }
    }

    /// Runs the queue mode the flags ask for; false when they ask for none (a workspace run).
    func runQueueMode(_ options: GlobalOptions) throws -> Bool {
        guard queue || runAll || temp else { return false }
        let session = try ExperimentQueueSession(options)
        if queue {
            try session.enqueue(setParams: setParams, name: name)
        } else if runAll {
            try session.runAll(jobs: jobs)
        } else {
            try session.runTemporary(setParams: setParams, name: name)
        }
        return true
    }
}
