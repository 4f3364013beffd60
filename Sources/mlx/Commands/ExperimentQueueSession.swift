import ArgumentParser
import Foundation
import MLXCore
import MLXGit

/// What the queue's commands share: the project's queue, its git repository, and how a
/// queued experiment is run (in a child `mlx` whose output goes to the entry's log).
struct ExperimentQueueSession {
    let context: ProjectContext
    let queue: ExperimentQueue
    let repository: GitRepository

    init(_ options: GlobalOptions) throws {
        context = try ProjectContext.open(options)
        queue = ExperimentQueue(project: context.project)
        repository = try context.repository()
    }

    /// How the temporary copies get their data: `cache.type` when set, else reflink, then
    /// hard link (instant, and stages replace their outputs rather than write into them), then copy.
    var linkTypes: [CacheLinkType] {
        get throws {
            try context.config.checkedString(ConfigSetting.cacheLinkTypes.rawValue).map { try CacheLinkType.parseList($0) }
                ?? [.reflink, .hardlink, .copy]
        }
    }

    /// `mlx exp run --run-all -j N`: runs the queue; prints one line per experiment as it
    /// starts and ends, and fails naming the experiments that failed.
    func runAll(jobs: Int) throws {
        let options = context.options
        removeLeftoverCopies()
        let executable = Self.executablePath
        let root = context.project.root
        let runner = QueueRunner(queue: queue, jobs: jobs) { name in
            [executable, "-C", root, "queue", "run-entry", name]
        }
        let outcomes = try runner.run { event in
            guard !options.quiet else { return }
            switch event {
            case let .started(name, pid):
                Console.out("running experiment '\(name)' (pid \(pid)); log: \(queue.logPath(name))")
            case let .finished(outcome) where outcome.succeeded:
                Console.out("experiment '\(outcome.name)' succeeded")
            case .finished:
                break
            }
        }
        let failed = outcomes.filter { !$0.succeeded }
        for outcome in failed {
            Console.error("experiment '\(outcome.name)' failed (exit status \(outcome.exitStatus)): \(outcome.error ?? "")")
            Console.err("hint: see its log with `mlx queue logs \(outcome.name)`")
        }
        if outcomes.isEmpty && !options.quiet { Console.out("No queued experiments to run.") }
        if !failed.isEmpty {
            throw ExperimentError("\(failed.count) of \(outcomes.count) experiment\(outcomes.count == 1 ? "" : "s") failed: "
                                  + failed.map(\.name).joined(separator: ", "))
        }
    }

    /// Runs the entry `name` in this process (the child of `--run-all`, or `--temp`): its
    /// stages run and print as `mlx repro` in the copy would.
    func runEntry(_ name: String) throws {
        let run = QueuedExperimentRun(queue: queue, repository: repository, linkTypes: try linkTypes)
        var options = context.options
        try run.run(name, reproduce: { workspace in
            options.directory = workspace.project.root
            // The copy is this run's alone: no other mlx writes in it, so no writer lock.
            do {
                try ReproCommand.parse([]).reproduce(in: workspace, context: try ProjectContext.open(options), options: options)
            } catch is ExitCode {
                // repro printed the stage's own error above; the entry records the outcome.
                throw ExperimentError("a stage failed", hint: "see its log with `mlx queue logs \(name)`")
            }
        }, say: { Console.out($0) })
    }

    /// `mlx exp run --queue [-S …] [-n NAME]`: records one experiment per combination of the
    /// `-S` sweep, without running anything.
    @discardableResult
    func enqueue(setParams: [String], name: String?, announce: Bool = true) throws -> [QueueEntry] {
        let sweep = try ParamSweep(arguments: setParams)
        let context = self.context
        let queuing = ExperimentQueuing(queue: queue, repository: repository) { overrides in
            // A FILE before ':' is relative to the current folder, as for a workspace `exp run`.
            let located = try overrides.map { override in
                override.located(in: try override.file.map { try context.project.relativePath(of: context.absolute($0)) })
            }
            return try ExperimentQueuing.overriddenParams(located, project: context.project)
        }
        let entries = try queuing.enqueue(sweep, name: name)
        if announce && !context.options.quiet {
            for entry in entries { Console.out("Queued experiment '\(entry.name)' for future execution.") }
        }
        return entries
    }

    /// `mlx exp run --temp`: queues the experiment and runs it at once, in the foreground, in
    /// a temporary copy of the project; the workspace is left as it is.
    func runTemporary(setParams: [String], name: String?) throws {
        let sweep = try ParamSweep(arguments: setParams)
        if sweep.isSweep {
            throw ExperimentError("--temp runs one experiment, and these -S values make \(sweep.combinations.count)",
                                  hint: "queue them with --queue and run them with --run-all")
        }
        let quiet = context.options.quiet
        guard let entry = try enqueue(setParams: setParams, name: name, announce: false).first else { return }
        do {
            try runEntry(entry.name)
        } catch {
            if !quiet { Console.err("hint: the experiment stays in the queue as failed; see `mlx queue status`") }
            throw error
        }
    }

    /// Deletes the temporary copies no live run owns (left by a run killed with SIGKILL).
    private func removeLeftoverCopies() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: queue.worktreesDirectory) else { return }
        for name in names {
            if let entry = try? queue.entry(name), ExperimentQueue.isAlive(entry) { continue }
            try? repository.removeWorktree(at: queue.worktreePath(name))
        }
    }

    /// This program, for the child processes (`/proc/self/exe`, else argv[0]).
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
