import ArgumentParser
import MLXCore

/// `mlx exp branch`: make a git branch of an experiment.
struct ExpBranchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branch",
        abstract: "Create a git branch at an experiment's commit (the current branch stays checked out)."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The experiment's name.")
    var experiment: String

    @Argument(help: "The new branch's name (default: EXPERIMENT-branch).")
    var branch: String?

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let store = try context.experiments().store
        let found = try store.resolve(name: experiment)
        let name = branch ?? "\(found.name)-branch"
        try store.repository.createBranch(name, at: found.commit)
        say("created branch '\(name)' from experiment '\(found.name)'", options: options)
        if !options.quiet { Console.err("hint: switch to it with `git checkout \(name)`") }
    }
}
