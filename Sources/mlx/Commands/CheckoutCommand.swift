import ArgumentParser
import MLXCore

/// `mlx checkout`: restore tracked data from the cache.
struct CheckoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Make the workspace hold what the pointer files and mlx.lock record, from the cache.",
        discussion: """
            Restores deleted and modified tracked data and stage outputs. Data with changes that are not recorded \
            is left alone and reported unless --force is given.
            """
    )

    @Flag(name: .shortAndLong, help: "Overwrite workspace changes that are not recorded.")
    var force = false

    @Flag(help: "Re-create every file with the configured link type (cache.type), even if unchanged.")
    var relink = false

    @Flag(name: [.customShort("d"), .customLong("with-deps")], help: "Also restore the outputs of the stages upstream of the targets, and the tracked data they read.")
    var withDeps = false

    @Flag(name: [.customShort("R"), .long], help: "Accepted for DVC: a folder already stands for everything tracked below it.")
    var recursive = false

    @Option(name: [.short, .customLong("jobs")], help: "Files to restore at once (default: cores).")
    var jobs: Int?

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths (a path inside a tracked directory restores just it), folders, or stages (NAME, mlx.yaml:NAME, mlx.yaml) (default: the whole project).",
              completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let stages = StageTargets(targets, projectRoot: context.project.root, absolute: context.absolute)
        let report = try context.withWriterLock(wait, command: "mlx checkout", jobs: jobs) { workspace in
            try CheckoutOperation(workspace: workspace).checkoutProject(paths: stages.paths.map(context.absolute), stages: stages,
                                                                        withDeps: withDeps, force: force, relink: relink)
        }
        if !options.quiet {
            for result in report.results where result.action != "unchanged" {
                let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
                let removed = result.removed > 0 ? ", \(result.removed) removed" : ""
                Console.out("\(result.action) \(path) (\(counted(result.files, "file"))\(removed))")
            }
        }
        for error in report.errors { Entrypoint.printDiagnostic(error) }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}
