import ArgumentParser
import MLXCore
import MLXRemote

/// `mlx repro`: run the pipeline's changed stages.
struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro",
        abstract: "Run the stages of mlx.yaml whose command, dependencies or parameters changed.",
        discussion: """
            Stages run in dependency order and are recorded in mlx.lock. A stage whose inputs \
            match a run in the run cache is restored from the cache instead of running; deleted \
            outputs of unchanged stages are restored from the cache. TARGETS are stage names \
            (or foreach/matrix group names); by default every stage they depend on is considered too. \
            Data tracked by a pointer file that a stage reads and that changed is recorded first.
            """
    )

    @Flag(name: .shortAndLong, help: "Run the stages even if nothing changed (no run-cache lookup; results are still recorded).")
    var force = false

    @Flag(name: [.short, .customLong("single-item")], help: "Only the targets, not the stages they depend on.")
    var singleItem = false

    @Flag(help: "The targets and every stage that depends on them.")
    var downstream = false

    @Flag(name: [.customShort("p"), .customLong("pipeline")], help: "Every stage of the pipelines that hold the targets.")
    var wholePipelines = false

    @Flag(name: [.customShort("P"), .customLong("all-pipelines")], help: "Every stage of every pipeline.")
    var allPipelines = false

    @Flag(name: .customLong("force-downstream"), help: "When a stage runs, run every stage that depends on it too.")
    var forceDownstream = false

    @Flag(name: .customLong("allow-missing"), help: "Skip stages whose only change is data missing from the workspace.")
    var allowMissing = false

    @Flag(help: "Print what would run; change nothing.")
    var dry = false

    @Flag(name: [.short, .customLong("keep-going")], help: "After a failure, keep running stages that do not depend on it.")
    var keepGoing = false

    @Flag(name: .customLong("ignore-errors"), help: "After a failure, keep running every stage, and exit 0.")
    var ignoreErrors = false

    @Option(name: [.short, .customLong("jobs")], help: "Stage commands to run at once (default: 1).")
    var jobs: Int = 1

    @Flag(help: "Fetch missing data from the default remote: tracked inputs, recorded outputs, and run-cache entries (see 'mlx push --run-cache').")
    var pull = false

    @Flag(help: "Print a JSON summary on stdout (stage output goes to stderr).")
    var json = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Stages to reproduce (default: all).")
    var targets: [String] = []

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if singleItem && downstream { throw ValidationError("--single-item and --downstream cannot be combined") }
        if keepGoing && ignoreErrors { throw ValidationError("--keep-going and --ignore-errors cannot be combined") }
        if wholePipelines && allPipelines { throw ValidationError("--pipeline and --all-pipelines cannot be combined") }
        if (wholePipelines || allPipelines) && (singleItem || downstream) {
            throw ValidationError("--\(allPipelines ? "all-pipelines" : "pipeline") cannot be combined with --\(singleItem ? "single-item" : "downstream")")
        }
        if allPipelines && !targets.isEmpty { throw ValidationError("--all-pipelines takes no targets: it reproduces every stage") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        try context.withWriterLock(wait, command: "mlx repro") { workspace in
            try reproduce(in: workspace, context: context, options: options)
        }
    }

    /// Runs the stages and reports, as the project's writer.
    func reproduce(in workspace: Workspace, context: ProjectContext, options: GlobalOptions) throws {
        let operation = try ReproOperation(workspace: workspace)

        var repro = ReproOptions()
        repro.targets = targets
        repro.force = force
        repro.singleItem = singleItem
        repro.downstream = downstream
        repro.dryRun = dry
        repro.keepGoing = keepGoing
        repro.ignoreErrors = ignoreErrors
        repro.forceDownstream = forceDownstream
        repro.allowMissing = allowMissing
        repro.wholePipelines = wholePipelines
        repro.allPipelines = allPipelines
        repro.jobs = jobs
        repro.stageOutputToStderr = json
        if pull && !dry {
            // The default remote's `runs/` (`mlx push --run-cache` puts entries there) and its
            // objects. No configured remote is an error: --pull asked for one.
            let opened = try OpenedRemote.open(nil, context: context, jobs: nil)
            repro.runCacheSources = [RemoteRunCache(remote: opened.remote, queue: opened.queue, name: opened.name)]
            repro.dataRemote = ReproDataRemote(remote: opened.remote, queue: opened.queue, name: opened.name)
        }

        let outcomes = try operation.run(repro) { event in
            switch event {
            case let .decision(stage, decision):
                say(StageWording.decision(decision, stage: stage), options: options)
            case let .running(stage, command):
                say("running stage '\(stage)': \(command)", options: options)
            case let .failure(error) where ignoreErrors:
                Console.warning("\(error) (ignored)")
            case let .failure(error):
                Entrypoint.printDiagnostic(error)
            case let .source(outcome):
                if let line = StageWording.source(outcome) { say(line, options: options) }
            case let .pulled(objects, remote):
                say("fetched \(objects) file\(objects == 1 ? "" : "s") of missing data from remote '\(remote)'", options: options)
            case let .pullFailed(error):
                Console.warning("--pull: \(error)")
                if let hint = (error as? any ReportableError)?.hint { Console.err("hint: \(hint)") }
            case let .warning(stage, error):
                Console.warning("stage '\(stage)': \(error)")
                if let hint = (error as? any ReportableError)?.hint { Console.err("hint: \(hint)") }
                Console.err("hint: stage '\(stage)' runs instead")
            }
        }
        let failed = outcomes.contains { $0.action == .failed || $0.action == .notRun }
        if json {
            let sources = operation.sourceOutcomes.map(ReproDocument.Source.init)
            try Console.printJSON(ReproDocument(ok: !failed, stages: outcomes.map(ReproDocument.Stage.init),
                                                sources: sources.isEmpty ? nil : sources))
        } else if !options.quiet && outcomes.isEmpty {
            Console.out("No stages to reproduce.")
        }
        if failed && !ignoreErrors { throw ExitCode.failure }
    }

    /// Decisions are results in text mode (stdout); with `--json` stdout holds only the document.
    private func say(_ line: String, options: GlobalOptions) {
        if options.quiet { return }
        if json { Console.err(line) } else { Console.out(line) }
    }
}

/// `mlx repro --json`: `{"ok": bool, "stages": [{"stage", "action", "reason", "error"?}],
/// "sources"?: [{"pointer", "path", "action"}]}` — `sources` only when stages read data a
/// pointer file tracks.
private struct ReproDocument: Encodable {
    struct Stage: Encodable {
        let stage: String
        let action: String
        let reason: String
        let error: String?

        init(_ outcome: StageOutcome) {
            stage = outcome.stage
            action = outcome.action.rawValue
            reason = StageWording.reason(outcome.reason)
            error = outcome.error
        }
    }

    struct Source: Encodable {
        let pointer: String
        let path: String
        let action: String

        init(_ outcome: SourceOutcome) {
            pointer = outcome.pointer
            path = outcome.path
            action = outcome.action.rawValue
        }
    }

    let ok: Bool
    let stages: [Stage]
    let sources: [Source]?
}
