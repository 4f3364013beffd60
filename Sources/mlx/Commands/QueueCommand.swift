import ArgumentParser
import Foundation
import MLXCore

/// `mlx queue status|logs|remove|kill|start`: the experiments `mlx exp run --queue` recorded.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "See, follow, stop and remove queued experiments.",
        discussion: """
            Experiments are queued with 'mlx exp run --queue' and run with 'mlx exp run --run-all' \
            (in the foreground) or 'mlx queue start' (in the background). See mlx-queue(1).
            """,
        subcommands: [Status.self, Logs.self, Remove.self, Kill.self, Start.self, Stop.self, RunEntry.self]
    )

    /// `mlx queue status`: one row per entry.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the queued, running, failed and finished experiments."
        )

        @Flag(help: "Print a JSON array on stdout.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() throws {
            let context = try ProjectContext.open(common.effective)
            let queue = ExperimentQueue(project: context.project)
            let entries = try queue.entries()
            if json {
                try Console.printJSON(entries.map(StatusDocument.init))
                return
            }
            if entries.isEmpty {
                Console.out("No experiments in the queue.")
                return
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            var rows = [["Name", "Created", "Status", "Note"]]
            for entry in entries {
                rows.append([entry.name, formatter.string(from: entry.created), ExperimentQueue.stateWord(entry).capitalized,
                             Self.note(entry)])
            }
            Table.print(rows)
        }

        /// The pid of a running entry, why a failed one failed, what an interrupted one will do.
        static func note(_ entry: QueueEntry) -> String {
            if ExperimentQueue.wasInterrupted(entry) { return "its run was interrupted; the next --run-all runs it again" }
            switch entry.state {
            case .running: return "pid \(entry.pid ?? 0)"
            case .failed: return entry.error ?? "exit status \(entry.exitStatus ?? 1)"
            case .queued, .done: return ""
            }
        }
    }

    /// `mlx queue logs NAME [-f]`.
    struct Logs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what a queued experiment's run printed.",
            discussion: "With -f, keep printing what a running experiment prints until it ends (Ctrl-C stops following, not the experiment)."
        )

        @Flag(name: .shortAndLong, help: "Follow the log of a running experiment until it ends.")
        var follow = false

        @OptionGroup var common: CommonOptions

        @Argument(help: "The queued experiment.")
        var name: String

        func run() throws {
            let context = try ProjectContext.open(common.effective)
            let queue = ExperimentQueue(project: context.project)
            guard try queue.entry(name) != nil else {
                throw ExperimentError("no queued experiment '\(name)'", hint: "see the queue with `mlx queue status`")
            }
            let path = queue.logPath(name)
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ExperimentError("queued experiment '\(name)' has no log yet", hint: "it is written once the experiment starts running")
            }
            defer { try? handle.close() }
            while true {
                let data = handle.readDataToEndOfFile()
                if !data.isEmpty { FileHandle.standardOutput.write(data) }
                guard follow, let entry = try queue.entry(name), ExperimentQueue.isAlive(entry) else { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            FileHandle.standardOutput.write(handle.readDataToEndOfFile())
        }
    }

    /// The entry of `mlx queue status --json`.
    private struct StatusDocument: Encodable {
        let name: String
        let status: String
        let created: String
        let baseline: String
        let pid: Int32?
        let started: String?
        let finished: String?
        let exitStatus: Int32?
        let error: String?

        init(_ entry: QueueEntry) {
            let format = { (date: Date) in InternetTime.string(from: date) }
            name = entry.name
            status = ExperimentQueue.stateWord(entry)
            created = format(entry.created)
            baseline = entry.baseline
            pid = entry.pid
            started = entry.started.map(format)
            finished = entry.finished.map(format)
            exitStatus = entry.exitStatus
            error = entry.error
        }
    }
}
