import ArgumentParser
import Foundation
import MLXCore
import MLXGit

/// `mlx exp list`: the experiments of HEAD (or of every commit), here or on a git remote.
struct ExpListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List experiments by baseline: those of HEAD, or of every commit with -A; with GIT_REMOTE, those pushed there.",
        discussion: """
            Each baseline is shown as the branch whose tip it is, else its short commit id, \
            followed by its experiments, oldest first, as DVC lists them: short commit id and [NAME].
            """
    )

    @Flag(name: [.customShort("A"), .customLong("all-commits")], help: "Experiments of every baseline, not only HEAD's.")
    var allCommits = false

    @Flag(name: [.customLong("names-only"), .customLong("name-only")], help: "Only the names, one a line.")
    var namesOnly = false

    @Flag(help: "Print JSON: a list of {name, baseline, commit, created}.")
    var json = false

    @OptionGroup var common: CommonOptions

    @Argument(help: "A git remote (name or URL) to list the experiments of instead.")
    var gitRemote: String?

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let repository = try context.repository()
        let operation = try context.experiments()
        var experiments: [Listed]
        if let gitRemote {
            experiments = try repository.remoteReferences(gitRemote, withPrefix: ExperimentRef.namespace).compactMap { tip in
                ExperimentRef.parse(refName: tip.name).map { Listed(name: $0.name, baseline: $0.baseline, commit: tip.commit, created: nil) }
            }
        } else {
            experiments = try operation.store.list().map { Listed(name: $0.name, baseline: $0.baseline, commit: $0.commit, created: $0.created) }
        }
        if !allCommits {
            let head = try operation.baseline()
            experiments = experiments.filter { $0.baseline == head }
        }
        if json {
            try Console.printJSON(experiments)
            return
        }
        if namesOnly {
            for experiment in experiments { Console.out(experiment.name) }
            return
        }
        let branches = try repository.refTips(matching: "refs/heads/*")
        var baselines: [String] = []
        for experiment in experiments where !baselines.contains(experiment.baseline) { baselines.append(experiment.baseline) }
        for baseline in baselines {
            Console.out((branches.first { $0.commit == baseline }?.name ?? String(baseline.prefix(7))) + ":")
            for experiment in experiments where experiment.baseline == baseline {
                Console.out("\t\(experiment.commit.prefix(7)) [\(experiment.name)]")
            }
        }
    }

    /// One experiment as `--json` shows it; a remote's have no time (git does not send it).
    struct Listed: Encodable {
        let name: String
        let baseline: String
        let commit: String
        let created: Date?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(baseline, forKey: .baseline)
            try container.encode(commit, forKey: .commit)
            try container.encodeIfPresent(created.map { InternetTime.string(from: $0) }, forKey: .created)
        }

        enum CodingKeys: String, CodingKey { case name, baseline, commit, created }
    }
}
