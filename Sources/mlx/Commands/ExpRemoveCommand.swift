import ArgumentParser
import MLXCore

/// `mlx exp remove`: delete experiments.
struct ExpRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Delete experiments (their refs; git gc drops their commits, the cache keeps their data until mlx gc)."
    )

    @Flag(name: [.customShort("A"), .customLong("all"), .customLong("all-commits")], help: "Every experiment, of every baseline.")
    var all = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Names of the experiments to delete.")
    var experiments: [String] = []

    func validate() throws {
        if all && !experiments.isEmpty { throw ValidationError("--all takes no experiment names") }
        if !all && experiments.isEmpty { throw ValidationError("name the experiments to remove, or pass --all") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let removed = try context.withWriterLock(wait, command: "mlx exp remove") { _ in
            let store = try context.experiments().store
            // Every name is resolved before any ref goes, so a typo removes nothing.
            let chosen = all ? try store.list() : try experiments.map { try store.resolve(name: $0) }
            for experiment in chosen { try store.remove(experiment) }
            return chosen.map(\.name)
        }
        if removed.isEmpty {
            say("no experiments to remove", options: options)
        } else {
            say("removed \(removed.count == 1 ? "experiment" : "experiments"): \(removed.joined(separator: ", "))", options: options)
        }
    }
}
