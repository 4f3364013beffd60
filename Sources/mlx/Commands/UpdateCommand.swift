import ArgumentParser
import Foundation
import MLXCore

/// `mlx update`: bring imports to their source's current state.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Bring data imported with 'mlx import' or 'mlx import-url' up to date with its source.",
        discussion: """
            A repository import follows the revision it recorded (rev; default: the \
            repository's default branch), or --rev, which is then recorded. An import-url \
            import is copied again when its source changed. Nothing changes when the source \
            did not.
            """
    )

    @Flag(name: .customLong("no-download"), help: "Rewrite the pointer of a repository import without downloading the data.")
    var noDownload = false

    @OptionGroup var registry: RegistryOptions

    @Option(name: .customLong("fs-config"),
            help: ArgumentHelp("A setting of an import-url source's remote, as for 'mlx import-url' (repeatable).", valueName: "name=value"))
    var fsConfig: [String] = []
    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files or imported paths.", completion: .file())
    var targets: [String]

    func validate() throws {
        if targets.isEmpty { throw ValidationError("name at least one import to update") }
        for setting in fsConfig where !setting.contains("=") {
            throw ValidationError("--fs-config takes name=value, not '\(setting)'")
        }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        var failed = false
        for target in targets {
            do {
                try update(target, context: context, options: options)
            } catch {
                Entrypoint.printDiagnostic(error)
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }

    private func update(_ target: String, context: ProjectContext, options: GlobalOptions) throws {
        let (pointerPath, dataPath) = ImportSource.paths(ofTarget: try context.project.relativePath(of: context.absolute(target)))
        let shown = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, dataPath)
        let source = try context.workspace().readPointer(pointerPath).importSource
        switch source {
        case let .repository(recorded):
            let rev = registry.rev ?? recorded.rev
            let opened = try OpenedRegistry.open(recorded.url, options: registry, revision: rev ?? "HEAD", global: options)
            let result = try context.withWriterLock(wait, command: "mlx update") { workspace in
                try ImportOperation(workspace: workspace).update(pointerPath, to: opened.snapshot, rev: rev,
                                                                 download: opened.download(into: workspace.store),
                                                                 readGitFiles: opened.readGitFiles, fetching: !noDownload)
            }
            guard !options.quiet else { return }
            Console.out(result.changed ? "updated \(shown) (\(recorded.revLock.prefix(7)) -> \(result.revLock.prefix(7)))"
                                       : "\(shown) is up to date (\(result.revLock.prefix(7)))")
        case .location:
            let result = try context.withWriterLock(wait, command: "mlx update") { workspace in
                let opener = URLSourceOpening.opener(config: try context.config, projectRoot: context.project.root,
                                                     overrides: fsConfig, jobs: registry.jobs)
                return try ImportURLOperation(workspace: workspace, openSource: opener).update(pointerPath)
            }
            guard !options.quiet else { return }
            Console.out(result.changed ? "updated \(shown)" : "\(shown) is up to date")
        case nil:
            throw TrackingError(path: pointerPath, message: "is not an import", hint: "'mlx import' and 'mlx import-url' make imports")
        }
    }
}
