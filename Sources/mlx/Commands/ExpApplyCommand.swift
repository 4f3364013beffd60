import ArgumentParser
import MLXCore

/// `mlx exp apply`: bring an experiment's files and data into the workspace.
struct ExpApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Put an experiment's files and data in the workspace; HEAD, your branch and the index stay.",
        discussion: """
            Writes every git-tracked file of the experiment that differs in the workspace (params, \
            mlx.lock, metrics, pointer files, code), then checks out the data they record from the \
            cache. Files the experiment does not have are left alone. A workspace change that \
            neither HEAD nor any experiment holds is refused unless --force: save it first with \
            'mlx exp save'.
            """
    )

    @Flag(name: .shortAndLong, help: "Overwrite workspace changes that no commit or experiment holds.")
    var force = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "The experiment's name.")
    var experiment: String

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let (applied, data) = try context.withWriterLock(wait, command: "mlx exp apply") { workspace in
            let applied = try context.experiments().apply(experiment, force: force)
            let stages = StageTargets([], projectRoot: context.project.root, absolute: context.absolute)
            let data = try CheckoutOperation(workspace: workspace).checkoutProject(paths: [], stages: stages, withDeps: false,
                                                                                   force: force, relink: false)
            return (applied, data)
        }
        if !options.quiet {
            for result in data.results where result.action != "unchanged" {
                let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
                Console.out("\(result.action) \(path) (\(counted(result.files, "file")))")
            }
            Console.out("applied experiment '\(applied.experiment.name)': \(counted(applied.written.count, "file")) written")
        }
        printErrors(data.errors)
        if !data.errors.isEmpty { throw ExitCode.failure }
    }
}
