import ArgumentParser
import MLXCore

/// `mlx commit`: record changed tracked data in its pointer files.
struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Record the current content of changed tracked data in its pointer files."
    )

    @Option(name: [.short, .customLong("jobs")], help: "Files to hash and copy at once (default: cores).")
    var jobs: Int?

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths or folders (default: the whole project).", completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let results = try context.withWriterLock(wait, command: "mlx commit", jobs: jobs) { workspace in
            workspace.onWarning = { Console.warning($0) }
            return try CommitOperation(workspace: workspace).commit(targets.map(context.absolute))
        }
        guard !options.quiet else { return }
        if results.isEmpty {
            Console.out("Nothing to commit: tracked data matches its pointer files.")
            return
        }
        for result in results {
            let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
            Console.out("committed \(path) (\(ByteCount.format(result.size)))")
        }
        let pointers = results.map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0.pointer) }
        Console.info("\nTo record the change in git, run:\n\n\tgit add \(pointers.joined(separator: " "))\n", options: options)
    }
}
