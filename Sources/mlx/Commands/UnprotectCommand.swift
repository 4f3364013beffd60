import ArgumentParser
import MLXCore

/// `mlx unprotect`: make linked workspace files writable copies.
struct UnprotectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unprotect",
        abstract: "Turn linked, read-only workspace files into writable copies before editing them.",
        discussion: """
            With cache.type hardlink or symlink, tracked files share the cache's bytes and are \
            read-only; editing them in place would corrupt the cache. unprotect replaces each \
            with a private writable copy. A TARGET may be a tracked file, a tracked directory \
            (all its files), a path inside one, or a pointer file. Run 'mlx add' or \
            'mlx commit' after editing to record the new content.
            """
    )

    @OptionGroup var wait: WaitOption

    @OptionGroup var common: CommonOptions

    @Argument(help: "Tracked files or directories to unprotect.", completion: .file())
    var targets: [String] = []

    func validate() throws {
        if targets.isEmpty { throw ValidationError("name at least one tracked file or directory to unprotect") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let report = try context.withWriterLock(wait, command: "mlx unprotect", jobs: 1) { workspace in
            try UnprotectOperation(workspace: workspace).unprotect(targets.map(context.absolute))
        }
        if !options.quiet {
            for path in report.unprotected { Console.out("unprotected \(path)") }
        }
        if options.verbose {
            for path in report.alreadyWritable { Console.err("already writable: \(path)") }
        }
        for failure in report.failures { Entrypoint.printDiagnostic(failure) }
        if !report.failures.isEmpty { throw ExitCode.failure }
    }
}
