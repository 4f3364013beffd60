import ArgumentParser
import MLXCore

/// `mlx remove`: stop tracking data.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop tracking data (its pointer file and .gitignore line), or remove stages from mlx.yaml and mlx.lock; the data stays unless --outs."
    )

    @Flag(help: "Delete the tracked data from the workspace too (its cache objects stay until 'mlx gc').")
    var outs = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths, or stage names (NAME or mlx.yaml:NAME).", completion: .file())
    var targets: [String]

    func validate() throws {
        if targets.isEmpty { throw ValidationError("name at least one pointer file or tracked path") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let stages = try RemoveOperation.stageTargets(targets, projectRoot: context.project.root, absolute: context.absolute)
        let (removedStages, removed) = try context.withWriterLock(wait, command: "mlx remove") { workspace in
            let operation = RemoveOperation(workspace: workspace)
            // Every stage is checked before any data goes, and data targets before any stage.
            if !stages.isEmpty { try operation.planStageRemoval(stages) }
            let data = targets.filter { !stages.contains($0) }
            let removedData = data.isEmpty ? [] : try operation.remove(data.map(context.absolute), deletingData: outs)
            let removedStages = stages.isEmpty ? [] : try operation.removeStages(stages, deletingOutputs: outs)
            return (removedStages, removedData)
        }
        guard !options.quiet else { return }
        for stage in removedStages { Console.out("removed stage '\(stage)'") }
        guard !removed.isEmpty else { return }
        for pointer in removed {
            Console.out("removed \(ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, pointer))")
        }
        let quoted = removed.map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0) }
        Console.info("\nTo record the removal in git, run:\n\n\tgit rm --cached \(quoted.joined(separator: " "))\n", options: options)
    }
}
