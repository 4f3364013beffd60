import ArgumentParser
import MLXCore

/// `mlx exp save`: record the workspace as an experiment.
struct ExpSaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save the workspace as an experiment based on HEAD, leaving your branch and index untouched.",
        discussion: """
            The experiment holds every file git would track (changed, new and unchanged; .gitignore \
            honoured): params, mlx.lock, metrics, pointer files, code. Its data is the cache's, as \
            mlx.lock and the pointer files record it.
            """
    )

    @Option(name: .shortAndLong, help: "Experiment name (default: a generated adjective-noun).")
    var name: String?

    @Flag(name: .shortAndLong, help: "Replace an experiment of the same name.")
    var force = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let chosen = try name.map { try ExperimentName($0) }
        let saved = try context.withWriterLock(wait, command: "mlx exp save") { _ in
            try context.experiments().save(name: chosen, force: force)
        }
        say("saved experiment '\(saved.name)' (baseline \(saved.baseline.prefix(7)))", options: options)
    }
}
