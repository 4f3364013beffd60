import ArgumentParser
import MLXCore

/// `mlx exp run`: set params, reproduce, and save the result as an experiment.
struct ExpRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Set params (-S), reproduce the pipeline in the workspace, and save the result as an experiment.",
        discussion: """
            The overrides are written into the params files (YAML and JSON files keep their \
            comments and layout), the changed stages run as with 'mlx repro' (a variant run before \
            is restored from the run cache instead of running), and the workspace is saved as a \
            commit under refs/exps/ whose parent is HEAD. Your branch, HEAD and the index do not \
            move; the results stay in the workspace, as DVC leaves them. A failed run saves no \
            experiment. -S takes [FILE:]KEY=VALUE: KEY is dotted (train.lr, layers.0.units), \
            VALUE a YAML value; without FILE the key is looked up in params.yaml, then in the \
            other params files of mlx.yaml. +KEY=VALUE adds a new key, ++KEY=VALUE sets or adds, \
            ~KEY removes one, as in DVC. A value of several values (0.1,0.2, choice(a,b), \
            range(START,STOP[,STEP])) is a sweep: one experiment per combination.
            """
    )

    @Option(name: [.customShort("S"), .customLong("set-param")],
            help: ArgumentHelp("Set a param: [FILE:][+|++|~]KEY=VALUE (repeatable).", valueName: "override"))
    var setParams: [String] = []

    @Option(name: .shortAndLong, help: "Experiment name (default: a generated adjective-noun).")
    var name: String?

    @Flag(name: .shortAndLong, help: "Run every stage even if unchanged, and replace an experiment of the same name.")
    var force = false

    @Flag(name: [.short, .customLong("single-item")], help: "Only the targets, not the stages they depend on.")
    var singleItem = false

    @Flag(help: "The targets and every stage that depends on them.")
    var downstream = false

    @Flag(name: [.customShort("p"), .customLong("pipeline")], help: "Every stage of the pipelines that hold the targets.")
    var wholePipelines = false

    @Flag(name: [.customShort("P"), .customLong("all-pipelines")], help: "Every stage of every pipeline.")
    var allPipelines = false

    @Flag(name: .customLong("allow-missing"), help: "Skip stages whose only change is data missing from the workspace.")
    var allowMissing = false

    @Flag(help: "Fetch missing data from the default remote, as 'mlx repro --pull'.")
    var pull = false

    @Flag(help: "Queue the experiment (one per -S combination) to run later with --run-all; nothing runs now.")
    var queue = false

    @Flag(name: .customLong("run-all"), help: "Run every queued experiment, each in a temporary copy of the project.")
    var runAll = false

    @Option(name: [.short, .customLong("jobs")], help: "With --run-all: experiments to run at once (default: 1).")
    var jobs: Int = 1

    @Flag(help: "Run the experiment now in a temporary copy of the project; the workspace is left as it is.")
    var temp = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Stages to reproduce (default: all).")
    var targets: [String] = []

    func validate() throws {
        try validateQueueFlags()
        _ = try reproCommand()
    }

    func run() throws {
        let options = common.effective
        if try runQueueMode(options) { return }
        let sweep = try ParamSweep(arguments: setParams)
        let combinations = sweep.combinations
        if combinations.count > 1 {
            throw ExperimentError("-S makes \(combinations.count) experiments, and a sweep does not run in the workspace",
                                  hint: "add --queue to queue one experiment per combination")
        }
        let chosen = try name.map { try ExperimentName($0) }
        let repro = try reproCommand()
        let context = try ProjectContext.open(options)
        let saved = try context.withWriterLock(wait, command: "mlx exp run") { workspace in
            let experiments = try context.experiments()
            _ = try experiments.baseline()
            try experiments.checkNameIsFree(chosen, force: force)
            // A FILE before ':' is a path like any other on the command line: relative to the current folder.
            let overrides = try (combinations.first ?? []).map { override in
                override.located(in: try override.file.map { try context.project.relativePath(of: context.absolute($0)) })
            }
            for file in try experiments.setParams(overrides) {
                Console.info("set params in \(file)", options: options)
            }
            try repro.reproduce(in: workspace, context: context, options: options)
            return try experiments.save(name: chosen, force: force)
        }
        say("saved experiment '\(saved.name)' (baseline \(saved.baseline.prefix(7))); its results are in the workspace", options: options)
    }

    /// The `mlx repro` these flags stand for.
    private func reproCommand() throws -> ReproCommand {
        var arguments: [String] = []
        if force { arguments.append("--force") }
        if singleItem { arguments.append("--single-item") }
        if downstream { arguments.append("--downstream") }
        if wholePipelines { arguments.append("--pipeline") }
        if allPipelines { arguments.append("--all-pipelines") }
        if allowMissing { arguments.append("--allow-missing") }
        if pull { arguments.append("--pull") }
        return try ReproCommand.parse(arguments + ["--"] + targets)
    }
}
