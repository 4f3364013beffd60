import ArgumentParser
import MLXCore

/// `mlx stage`: add and list the stages of mlx.yaml.
struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Add stages to mlx.yaml and list them.",
        subcommands: [StageAddCommand.self, StageListCommand.self]
    )
}

/// `mlx stage add`: write a stage into mlx.yaml.
struct StageAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a stage to mlx.yaml (creating it if needed); other stages keep their text.",
        discussion: """
            Paths are written as given, relative to the stage's folder (-w). -p takes keys of \
            params.yaml (`-p train.lr,train.epochs`) or of another file (`-p config.json:lr`). \
            The stage runs with 'mlx repro'.
            """
    )

    // DVC's names, long and short, so `dvc stage add` lines work unchanged.
    @Option(name: .shortAndLong, help: "Stage name.")
    var name: String

    @Option(name: [.customShort("d"), .customLong("deps")], help: ArgumentHelp("A dependency (repeatable).", valueName: "path"))
    var deps: [String] = []

    @Option(name: [.customShort("o"), .customLong("outs")], help: ArgumentHelp("An output, cached (repeatable).", valueName: "path"))
    var outs: [String] = []

    @Option(name: [.customShort("O"), .customLong("outs-no-cache")],
            help: ArgumentHelp("An output not cached, to commit to git (repeatable).", valueName: "path"))
    var outsNoCache: [String] = []

    @Option(name: .customLong("outs-persist"), help: ArgumentHelp("An output kept between runs, cached (repeatable).", valueName: "path"))
    var outsPersist: [String] = []

    @Option(name: .customLong("outs-persist-no-cache"),
            help: ArgumentHelp("An output kept between runs, not cached (repeatable).", valueName: "path"))
    var outsPersistNoCache: [String] = []

    @Option(name: [.customShort("p"), .customLong("params")],
            help: ArgumentHelp("Params: KEY[,KEY] or FILE:KEY[,KEY] (repeatable).", valueName: "params"))
    var params: [String] = []

    @Option(name: [.customShort("m"), .customLong("metrics")], help: ArgumentHelp("A metrics file, cached (repeatable).", valueName: "path"))
    var metrics: [String] = []

    @Option(name: [.customShort("M"), .customLong("metrics-no-cache")],
            help: ArgumentHelp("A metrics file not cached (repeatable).", valueName: "path"))
    var metricsNoCache: [String] = []

    @Option(name: .customLong("plots"), help: ArgumentHelp("A plots file, cached (repeatable).", valueName: "path"))
    var plots: [String] = []

    @Option(name: .customLong("plots-no-cache"), help: ArgumentHelp("A plots file not cached (repeatable).", valueName: "path"))
    var plotsNoCache: [String] = []

    @Option(name: [.customShort("w"), .customLong("wdir")], help: ArgumentHelp("Folder the command runs in.", valueName: "wdir"))
    var wdir: String?

    @Option(help: "A description of the stage.")
    var desc: String?

    @Flag(name: .customLong("always-changed"), help: "Run the stage on every 'mlx repro'.")
    var alwaysChanged = false

    @Flag(name: .shortAndLong, help: "Replace a stage of the same name.")
    var force = false

    @Flag(name: .customLong("run"), help: "Run the stage ('mlx repro NAME') once it is written.")
    var runAfterwards = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(parsing: .captureForPassthrough, help: "The command (quote it, or put it after --).")
    var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("give the stage's command") }
        // Passthrough capture starts at the first word it does not know, so a mistyped option
        // (`--out x`) would otherwise become the start of the command.
        if let first = command.first, first != "--", first.hasPrefix("-") {
            throw ValidationError("unknown option '\(first)' before the command; put a command that starts with '-' after '--'")
        }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let words = command.first == "--" ? Array(command.dropFirst()) : command
        var definition = StageDefinition(
            name: name, command: words.count == 1 ? words[0] : words.map(ShellWord.quote).joined(separator: " "))
        definition.wdir = wdir
        definition.deps = deps
        definition.params = params
        definition.outs = outs
        definition.outsNoCache = outsNoCache
        definition.outsPersist = outsPersist
        definition.outsPersistNoCache = outsPersistNoCache
        definition.metrics = metrics
        definition.metricsNoCache = metricsNoCache
        definition.plots = plots
        definition.plotsNoCache = plotsNoCache
        definition.alwaysChanged = alwaysChanged
        definition.desc = desc
        try context.project.withWriterLock(wait: wait.seconds, command: "mlx stage add") {
            try PipelineEditor.addStage(definition, projectRoot: context.project.root, force: force)
        }
        guard runAfterwards else {
            Console.info("Added stage '\(name)' to mlx.yaml. Run it with 'mlx repro \(name)'.", options: options)
            return
        }
        Console.info("Added stage '\(name)' to mlx.yaml.", options: options)
        var repro = try ReproCommand.parse([name])
        repro.common = common
        repro.wait = wait
        try repro.run()
    }
}

/// Quoting for one word of a command given as several arguments.
enum ShellWord {
    static func quote(_ word: String) -> String {
        let safe = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+=@:,%".contains($0) }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// `mlx stage list`: the stages of mlx.yaml.
struct StageListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the stages of mlx.yaml with their description or outputs."
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let context = try ProjectContext.open(common.effective)
        let pipeline = try Pipeline.load(projectRoot: context.project.root)
        if json {
            try Console.printJSON(pipeline.stages.map(StageDocument.init))
            return
        }
        let width = pipeline.stages.map(\.name.count).max() ?? 0
        for stage in pipeline.stages {
            let about = stage.desc ?? (stage.outputs.isEmpty ? "No outputs" : "Outputs " + stage.outputs.map(\.path).joined(separator: ", "))
            Console.out(stage.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + about)
        }
    }
}

/// One stage in `mlx stage list --json`.
private struct StageDocument: Encodable {
    struct Output: Encodable {
        let path: String
        let kind: StageOutput.Kind
        let cache: Bool
        let persist: Bool
    }

    let name: String
    let cmd: [String]
    let wdir: String
    let deps: [String]
    let params: [String: [String]?]
    let outs: [Output]
    let frozen: Bool
    let alwaysChanged: Bool
    let desc: String?

    enum CodingKeys: String, CodingKey {
        case name, cmd, wdir, deps, params, outs, frozen, desc
        case alwaysChanged = "always_changed"
    }

    init(_ stage: Stage) {
        name = stage.name
        cmd = stage.commands
        wdir = stage.wdir
        deps = stage.deps
        params = Dictionary(stage.params.map { ($0.file, $0.keys) }, uniquingKeysWith: { first, _ in first })
        outs = stage.outputs.map { Output(path: $0.path, kind: $0.kind, cache: $0.cache, persist: $0.persist) }
        frozen = stage.frozen
        alwaysChanged = stage.alwaysChanged
        desc = stage.desc
    }
}
