import ArgumentParser
import Foundation
import MLXCore
import MLXGit

/// `mlx exp`: run, save, apply and share experiments (commits under `refs/exps/`).
struct ExpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exp",
        abstract: "Run pipeline variants as experiments, kept as git commits under refs/exps/ without touching your branch.",
        subcommands: [
            ExpRunCommand.self,
            ExpSaveCommand.self,
            ExpApplyCommand.self,
            ExpBranchCommand.self,
            ExpRemoveCommand.self,
            ExpListCommand.self,
            ExpPushCommand.self,
            ExpPullCommand.self,
        ]
    )
}

extension ProjectContext {
    /// The experiments of the repository the project lives in.
    func experiments() throws -> ExperimentOperation {
        ExperimentOperation(store: ExperimentStore(repository: try repository()), projectRoot: project.root)
    }
}


/// A result line of an exp command: stdout, unless `-q`.
func say(_ line: String, options: GlobalOptions) {
    if !options.quiet { Console.out(line) }
}
