import ArgumentParser
import MLXCore

/// `mlx commit`: record changed tracked data in its pointer files, and stages in mlx.lock.
struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Record the current content of changed tracked data in its pointer files, and of stages in mlx.lock, without running them."
    )

    @Flag(name: .shortAndLong, help: "With no TARGET, also record every stage that differs from mlx.lock.")
    var force = false

    @Option(name: [.short, .customLong("jobs")], help: "Files to hash and copy at once (default: cores).")
    var jobs: Int?

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths, folders, or stages (NAME, mlx.yaml:NAME, mlx.yaml) (default: the whole project).",
              completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let stages = StageTargets(targets, projectRoot: context.project.root, absolute: context.absolute)
        let report = try context.withWriterLock(wait, command: "mlx commit", jobs: jobs) { workspace in
            workspace.onWarning = { Console.warning($0) }
            return try CommitOperation(workspace: workspace)
                .commit(paths: stages.paths.map(context.absolute), stages: stages, allStages: force)
        }
        if !report.stagesLeft.isEmpty {
            let names = report.stagesLeft.map { "'\($0)'" }.joined(separator: ", ")
            Console.info("stages that differ from mlx.lock were not recorded: \(names)", options: options)
            Console.info("hint: 'mlx repro' runs them; 'mlx commit STAGE' or 'mlx commit --force' records them as they are", options: options)
        }
        guard !options.quiet else { return }
        if report.data.isEmpty && report.stages.isEmpty {
            let stagesJudged = stages.namesStages || (force && stages.paths.isEmpty && Pipeline.exists(in: context.project.root))
            Console.out(stagesJudged ? "Nothing to commit: tracked data matches its pointer files and stages match mlx.lock."
                                     : "Nothing to commit: tracked data matches its pointer files.")
            return
        }
        for result in report.data {
            let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
            Console.out("committed \(path) (\(ByteCount.format(result.size)))")
        }
        for result in report.stages {
            Console.out("committed stage '\(result.stage)' (\(result.changes.isEmpty ? "outputs cached" : StageWording.changes(result.changes)))")
        }
        var files = report.data.map(\.pointer)
        if !report.stages.isEmpty { files.append(Pipeline.lockFileName) }
        guard !files.isEmpty else { return }
        let quoted = files.map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0) }
        Console.info("\nTo record the change in git, run:\n\n\tgit add \(quoted.joined(separator: " "))\n", options: options)
    }
}
