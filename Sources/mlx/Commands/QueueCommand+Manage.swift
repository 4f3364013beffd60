import ArgumentParser
import Foundation
import MLXCore

extension QueueCommand {
    /// `mlx queue remove NAME…|--all|--queued|--failed|--success`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget queued experiments: their queue commit, state and log.",
            discussion: """
                Running experiments are refused (stop them with 'mlx queue kill'). A finished \
                experiment's saved result stays: 'mlx exp remove' deletes it.
                """
        )

        @Flag(help: "Every entry that is not running.")
        var all = false

        @Flag(help: "Every entry waiting to run (interrupted ones included).")
        var queued = false

        @Flag(help: "Every failed entry.")
        var failed = false

        @Flag(help: "Every entry that ran successfully.")
        var success = false

        @OptionGroup var common: CommonOptions

        @Argument(help: "Queued experiments to forget.")
        var names: [String] = []

        func validate() throws {
            if names.isEmpty && !(all || queued || failed || success) {
                throw ValidationError("name the experiments to remove, or give --all, --queued, --failed or --success")
            }
        }

        func run() throws {
            let options = common.effective
            let session = try ExperimentQueueSession(options)
            var removed: [String] = []
            if !names.isEmpty {
                try session.queue.remove(names, repository: session.repository)
                removed += names
            }
            let selections: [(Bool, ExperimentQueue.Selection)] = [(all, .all), (queued, .queued), (failed, .failed), (success, .succeeded)]
            for (wanted, selection) in selections where wanted {
                removed += try session.queue.remove(matching: selection, repository: session.repository)
            }
            if !options.quiet {
                Console.out(removed.isEmpty ? "No queued experiments to remove." : "Removed \(removed.joined(separator: ", ")) from the queue.")
            }
        }
    }

    /// `mlx queue kill NAME…`.
    struct Kill: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop running queued experiments (as Ctrl-C would); they are marked failed.",
            discussion: "The runner goes on with the next queued experiment. Each experiment's log and queue commit are kept."
        )

        @OptionGroup var common: CommonOptions

        @Argument(help: "Running experiments to stop.")
        var names: [String]

        func run() throws {
            let options = common.effective
            let session = try ExperimentQueueSession(options)
            for name in names {
                try session.queue.kill(name)
                try? session.repository.removeWorktree(at: session.queue.worktreePath(name))
                if !options.quiet { Console.out("Stopped experiment '\(name)'.") }
            }
        }
    }

    /// `mlx queue stop [--kill]`: the runner starts no new experiment.
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the queue runner after the experiments it is running (with --kill, stop those too).",
            discussion: "Queued experiments stay queued for the next 'mlx exp run --run-all' or 'mlx queue start'. Killed ones are marked failed, as with 'mlx queue kill'."
        )

        @Flag(help: "Also stop the running experiments now (as Ctrl-C would).")
        var kill = false

        @OptionGroup var common: CommonOptions

        func run() throws {
            let options = common.effective
            let session = try ExperimentQueueSession(options)
            guard let pid = try session.queue.requestStop() else {
                if !options.quiet { Console.out("No queue runner is running.") }
                return
            }
            let running = try session.queue.entries().filter(ExperimentQueue.isAlive).map(\.name)
            if kill {
                for name in running {
                    try session.queue.kill(name)
                    try? session.repository.removeWorktree(at: session.queue.worktreePath(name))
                    if !options.quiet { Console.out("Stopped experiment '\(name)'.") }
                }
            }
            guard !options.quiet else { return }
            let left = kill || running.isEmpty ? "" : " after \(running.count) running experiment\(running.count == 1 ? "" : "s") (\(running.joined(separator: ", ")))"
            Console.out("The queue runner (pid \(pid)) will stop\(left); queued experiments stay queued.")
        }
    }

    /// `mlx queue start [-j N]`: `mlx exp run --run-all` in the background.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the queue in the background (what 'mlx exp run --run-all' does in the foreground).",
            discussion: "The runner's own output goes to .mlx/queue/runner.log; 'mlx queue status' shows its progress."
        )

        @Option(name: [.short, .customLong("jobs")], help: "Experiments to run at once (default: 1).")
        var jobs: Int = 1

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let options = common.effective
            let session = try ExperimentQueueSession(options)
            let pid = try session.queue.startInBackground(
                [ExperimentQueueSession.executablePath, "-C", session.context.project.root, "exp", "run", "--run-all", "-j", "\(jobs)"])
            if !options.quiet {
                Console.out("Started the queue runner (pid \(pid), \(jobs) at once); see 'mlx queue status'.")
            }
        }
    }

    /// `mlx queue run-entry NAME`: one experiment of `--run-all`, in the child process the
    /// runner starts with its output going to the entry's log. Not for users.
    struct RunEntry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-entry",
            abstract: "Run one queued experiment in a temporary copy of the project (used by --run-all).",
            shouldDisplay: false
        )

        @Argument(help: "The queued experiment.")
        var name: String

        func run() throws {
            try ExperimentQueueSession(GlobalOptions.current).runEntry(name)
        }
    }
}
