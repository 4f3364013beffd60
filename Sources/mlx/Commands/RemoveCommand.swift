import ArgumentParser
import MLXCore

/// `mlx remove`: stop tracking data.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop tracking data: delete its pointer file and .gitignore line (the data stays unless --outs)."
    )

    @Flag(help: "Delete the tracked data from the workspace too (its cache objects stay until 'mlx gc').")
    var outs = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files or tracked paths.", completion: .file())
    var targets: [String]

    func validate() throws {
        if targets.isEmpty { throw ValidationError("name at least one pointer file or tracked path") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let removed = try context.withWriterLock(wait, command: "mlx remove") { workspace in
            try RemoveOperation(workspace: workspace).remove(targets.map(context.absolute), deletingData: outs)
        }
        guard !options.quiet else { return }
        for pointer in removed {
            Console.out("removed \(ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, pointer))")
        }
        let quoted = removed.map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0) }
        Console.info("\nTo record the removal in git, run:\n\n\tgit rm --cached \(quoted.joined(separator: " "))\n", options: options)
    }
}
