import ArgumentParser
import MLXCore

/// `mlx move`: rename tracked data with its pointer file.
struct MoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Rename tracked data together with its pointer file and .gitignore lines."
    )

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "The tracked path (or its pointer file).", completion: .file())
    var source: String

    @Argument(help: "The new path, or an existing folder to move it into.", completion: .file())
    var destination: String

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let moved = try context.withWriterLock(wait, command: "mlx move") { workspace in
            try MoveOperation(workspace: workspace).move(context.absolute(source), to: context.absolute(destination))
        }
        guard !options.quiet else { return }
        let root = context.project.root
        Console.out("moved \(ShellQuoting.display(relativeTo: options.directory, projectRoot: root, moved.from)) to \(ShellQuoting.display(relativeTo: options.directory, projectRoot: root, moved.to))")
        Console.info("\nTo record the move in git, run:\n\n\tgit add -A \(ShellQuoting.quote(relativeTo: options.directory, projectRoot: root, moved.from + ".mlx")) \(ShellQuoting.quote(relativeTo: options.directory, projectRoot: root, moved.to + ".mlx"))\n", options: options)
    }
}
