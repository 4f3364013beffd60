import ArgumentParser
import MLXCore

/// What push, fetch and pull share: open the remote, run the operation as the project's writer
/// behind a progress line, print its errors, then its JSON document or its summary, and exit 1
/// when anything failed.
struct TransferCommandRunner {
    /// What an operation works with.
    struct Session {
        let context: ProjectContext
        let options: GlobalOptions
        let remote: OpenedRemote
        let workspace: Workspace
        /// Draws the progress line.
        let progress: @Sendable (TransferProgress) -> Void
    }

    /// What a command has to say once its operation returned.
    struct Outcome {
        var errors: [any Error]
        /// Lines for stderr, after the errors, even with `--json` or `-q`.
        var hints: [String] = []
        /// The `--json` document.
        var document: any Encodable
        /// Lines for stdout without `--json`, unless `-q`.
        var summary: [String]
    }

    let transfer: TransferOptions
    let wait: WaitOption
    let common: CommonOptions

    /// Runs `operation` as `command` (`mlx push`, for whoever waits for the lock), its progress
    /// worded with `verb` (`pushing`). An operation that returns nil had nothing to do and
    /// prints nothing.
    func run(_ command: String, verb: String, _ operation: (Session) throws -> Outcome?) throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let remote = try OpenedRemote.open(transfer.remote, context: context, jobs: transfer.jobs)
        let view = TransferProgressView(verb: verb, options: options)
        let outcome = try context.withWriterLock(wait, command: command) { workspace in
            try operation(Session(context: context, options: options, remote: remote, workspace: workspace, progress: view.callback))
        }
        guard let outcome else { return }
        view.clear()
        printErrors(outcome.errors)
        for hint in outcome.hints { Console.err(hint) }
        if transfer.json {
            try Console.printJSON(outcome.document)
        } else if !options.quiet {
            for line in outcome.summary { Console.out(line) }
        }
        if !outcome.errors.isEmpty { throw ExitCode.failure }
    }
}
