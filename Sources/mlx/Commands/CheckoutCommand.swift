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

    @Option(name: [.short, .customLong("jobs")], help: "Files to restore at once (default: cores).")
    var jobs: Int?

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths or folders (default: the whole project).", completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let report = try context.withWriterLock(wait, command: "mlx checkout", jobs: jobs) { workspace in
            try CheckoutOperation(workspace: workspace).checkoutProject(targets.map(context.absolute), force: force, relink: relink)
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
