import ArgumentParser
import Foundation
import MLXCore
import MLXGit

/// `mlx exp show`: the workspace and baselines with their experiments, one column per metric,
/// param and dependency.
struct ExpShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show experiments in a table: metrics, params and dependency hashes, each under its baseline.",
        discussion: """
            Values are read from git objects (and the cache for cached metrics files); nothing is \
            checked out. Columns that do not fit the terminal are left out, with a note.
            """
    )

    enum SortOrder: String, ExpressibleByArgument, CaseIterable {
        case asc, desc
    }

    @Flag(name: [.customShort("A"), .customLong("all-commits")], help: "Every commit as a baseline, with its experiments.")
    var allCommits = false

    @Flag(name: [.customShort("a"), .customLong("all-branches")], help: "The tip of every branch as a baseline too.")
    var allBranches = false

    @Option(name: [.customShort("n"), .customLong("num")], help: ArgumentHelp("The last N commits of HEAD as baselines.", valueName: "n"))
    var count = 1

    @Flag(help: "Print a JSON document (as dvc exp show --json).")
    var json = false

    @Flag(help: "Print comma-separated values, every column, unrounded.")
    var csv = false

    @Flag(name: .customLong("md"), help: "Print a Markdown table (for pull-request comments).")
    var markdown = false

    @Option(name: .customLong("sort-by"), help: ArgumentHelp("Order each baseline's experiments by this metric or param (KEY or FILE:KEY).", valueName: "column"))
    var sortBy: String?

    @Option(name: .customLong("sort-order"), help: "asc or desc.")
    var sortOrder = SortOrder.asc

    @Option(help: ArgumentHelp("Leave out the columns this regular expression matches.", valueName: "regex"))
    var drop: String?

    @Option(help: ArgumentHelp("Show the columns this regular expression matches, even if --drop matches them.", valueName: "regex"))
    var keep: String?

    @Flag(name: .customLong("only-changed"), help: "Only the metrics, params and dependencies whose values differ between rows.")
    var onlyChanged = false

    @Flag(name: .customLong("no-pager"), help: "Accepted for DVC's scripts: mlx never starts a pager.")
    var noPager = false

    @OptionGroup var precision: PrecisionOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if [json, csv, markdown].filter({ $0 }).count > 1 { throw ValidationError("--json, --csv and --md cannot be used together") }
        if count < 1 { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let context = try ProjectContext.open(common.effective)
        let repository = try context.repository()
        let store = try? ObjectStore(root: context.project.cacheDirectory, hasher: .blake3())
        let operation = ExperimentShowOperation(projectRoot: context.project.root, repository: repository, store: store)
        let experiments = try ExperimentStore(repository: repository).list()
        let queued = try ExperimentShowOperation.QueuedExperiment.all(in: context.project, repository: repository)
        let baselines = try baselines(repository, excluding: Set(experiments.map(\.commit) + queued.map(\.commit)))
        var table = try operation.run(workspace: true, baselines: baselines, experiments: experiments, queued: queued) { row, error in
            Console.warning("\(row): \(error)")
        }
        if let sortBy { table = table.sorted(by: try table.column(named: sortBy), ascending: sortOrder == .asc) }
        if onlyChanged { table = table.onlyChanged() }
        if json {
            let view = ExperimentTableView(table: table, fields: [], precision: precision, now: Date())
            try view.printJSON()
            return
        }
        let view = ExperimentTableView(table: table, fields: try table.fields(drop: drop, keep: keep), precision: precision, now: Date())
        if csv {
            view.printCSV()
        } else {
            view.printTable(markdown: markdown, width: Terminal.columns(.output, environment: ProcessInfo.processInfo.environment))
        }
    }

    /// HEAD and its N-1 first-parent ancestors, then with -a every branch tip, with -A every
    /// commit but the experiments' own (`excluded`, reachable from their refs); named by the
    /// branches at them, else by their short oid.
    private func baselines(_ repository: GitRepository, excluding excluded: Set<String>) throws -> [ExperimentShowOperation.Baseline] {
        guard let head = try repository.headCommit() else { return [] }
        var commits = [head]
        for generation in 1..<count {
            guard let ancestor = try? repository.resolve(revision: "HEAD~\(generation)") else { break }
            commits.append(ancestor)
        }
        let branches = try repository.refTips(matching: "refs/heads/*")
        if allBranches { commits += branches.map(\.commit) }
        if allCommits { commits += try repository.revisions(in: RevisionScope(allCommits: true)) }
        var names: [String: [String]] = [:]
        for branch in branches { names[branch.commit, default: []].append(branch.name) }
        var seen = excluded
        return commits.filter { seen.insert($0).inserted }.map { commit in
            ExperimentShowOperation.Baseline(commit: commit, name: names[commit]?.joined(separator: ",") ?? String(commit.prefix(7)))
        }
    }
}
