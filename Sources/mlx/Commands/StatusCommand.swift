import ArgumentParser
import Foundation
import MLXCore

/// `mlx status`: what differs between the workspace and the pointer files.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show tracked data that differs from its pointer file or is missing from the cache, and pipeline stages that differ from mlx.lock."
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Flag(name: .customLong("exit-code"), help: "Exit 1 when anything differs (for hooks and CI).")
    var exitCode = false

    @Option(name: [.short, .customLong("jobs")], help: "Files to hash at once (default: cores); with --cloud, remote checks at once.")
    var jobs: Int?

    @Flag(name: .customLong("data"), help: "Only tracked data (pointer files and the cache), not the pipeline's stages: what the pre-commit hook checks.")
    var dataOnly = false

    @Flag(name: [.short, .customLong("cloud")], help: "Compare the cache with a remote instead of the workspace.")
    var cloud = false

    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("Remote for --cloud (default: core.remote).", valueName: "name"))
    var remote: String?

    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths, folders or stages (default: the whole project and every stage).", completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        if cloud { return try runCloud(options: options, context: context) }
        let workspace = try context.workspace(jobs: jobs)
        let hasPipeline = !dataOnly && Pipeline.exists(in: context.project.root)
        // A broken mlx.yaml or mlx.lock is reported, and the data's status still shown.
        var stages = PipelineStatusOperation.Report()
        var pipelineStatus: PipelineStatusOperation?
        if hasPipeline {
            do {
                pipelineStatus = try PipelineStatusOperation(workspace: workspace)
            } catch {
                stages.errors.append(error)
            }
        }
        let (stageTargets, pathTargets) = partition(targets, pipelineStatus: pipelineStatus, context: context)
        let report = stageTargets.isEmpty && !pathTargets.isEmpty ? StatusOperation.Report()
            : try StatusOperation(workspace: workspace).status(pathTargets.map(context.absolute))
        let stagesChecked = hasPipeline && (!stageTargets.isEmpty || pathTargets.isEmpty)
        if stagesChecked, let pipelineStatus {
            do {
                stages = try pipelineStatus.status(stages: stageTargets)
            } catch {
                stages.errors.append(error)
            }
        }
        for error in report.errors + stages.errors { Entrypoint.printDiagnostic(error) }
        let imports = dataOnly ? [] : Self.upstreamStates(of: report.imports, workspace: workspace, config: try context.config, options: options)
        let changedImports = imports.filter { $0.state != .unchanged }
        let clean = report.isClean && stages.entries.isEmpty && stages.errors.isEmpty && changedImports.isEmpty
        if json {
            try Console.printJSON(StatusDocument(report: report, stages: stages, imports: imports, clean: clean))
        } else if !options.quiet {
            Self.renderImports(changedImports, options: options, root: context.project.root)
            if changedImports.isEmpty || !report.isClean || !stages.entries.isEmpty {
                render(report, stages: stages, stagesChecked: stagesChecked, options: options, root: context.project.root)
            }
        }
        // `-q` answers with the exit status alone, as `git diff --quiet` and `dvc status -q` do.
        if !report.errors.isEmpty || !stages.errors.isEmpty || ((exitCode || options.quiet) && !clean) { throw ExitCode.failure }
    }

    /// Targets that name stages (`train`, a foreach group, `mlx.yaml:train`) and the rest, which
    /// are paths. A name that is both a stage and an existing path is taken as the path.
    private func partition(_ targets: [String], pipelineStatus: PipelineStatusOperation?, context: ProjectContext) -> (stages: [String], paths: [String]) {
        guard let pipelineStatus, !targets.isEmpty else { return ([], targets) }
        var stages: [String] = []
        var paths: [String] = []
        for target in targets {
            if let name = PipelineStatusOperation.stageName(of: target) {
                stages.append(name)
            } else if !FileManager.default.fileExists(atPath: context.absolute(target)), pipelineStatus.namesStage(target) {
                stages.append(target)
            } else {
                paths.append(target)
            }
        }
        return (stages, paths)
    }

    /// `--cloud`: per output, whether the cache and the remote hold all its objects.
    private func runCloud(options: GlobalOptions, context: ProjectContext) throws {
        let opened = try OpenedRemote.open(remote, context: context, jobs: jobs)
        let report = try CloudStatusOperation(workspace: try context.workspace(), remote: opened.remote, queue: opened.queue)
            .status(targets.map(context.absolute))
        printErrors(report.errors)
        if json {
            try Console.printJSON(CloudStatusDocument(remote: opened.name, report: report))
        } else {
            let differing = report.entries.filter { !$0.inCache || !$0.onRemote }
            for entry in differing {
                let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, entry.path)
                Console.out("\t" + "\(entry.state):".padding(toLength: 20, withPad: " ", startingAt: 0) + path)
            }
            if differing.isEmpty && report.errors.isEmpty && !options.quiet {
                Console.out(report.entries.isEmpty ? "No tracked data." : "Cache and remote '\(opened.name)' are in sync.")
            } else if !options.quiet {
                if differing.contains(where: { !$0.onRemote && $0.inCache }) { Console.info("hint: 'mlx push' uploads what the remote lacks") }
                if differing.contains(where: { !$0.inCache && $0.onRemote }) { Console.info("hint: 'mlx fetch' downloads what the cache lacks") }
            }
        }
        if !report.errors.isEmpty || (exitCode && !report.isClean) { throw ExitCode.failure }
    }

    private func render(_ report: StatusOperation.Report, stages: PipelineStatusOperation.Report, stagesChecked: Bool,
                        options: GlobalOptions, root: String) {
        let changed = report.entries.filter { $0.state != .unchanged || !$0.inCache }
        for entry in stages.entries {
            Console.out("\tstage '\(entry.stage)': " + StageWording.changes(entry.changes))
        }
        if !stages.entries.isEmpty { Console.info("hint: 'mlx repro' runs the changed stages and records them in mlx.lock") }
        if changed.isEmpty {
            guard report.errors.isEmpty && stages.entries.isEmpty && stages.errors.isEmpty else { return }
            switch (report.entries.isEmpty, stagesChecked) {
            case (true, false): Console.out("No tracked data.")
            case (true, true): Console.out("Stages are up to date.")
            case (false, false): Console.out("Data and pointer files are up to date.")
            case (false, true): Console.out("Data, pointer files and stages are up to date.")
            }
            return
        }
        for entry in changed {
            let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: root, entry.path)
            if entry.state != .unchanged { Console.out("\t" + "\(entry.state.rawValue):".padding(toLength: 14, withPad: " ", startingAt: 0) + path) }
            if !entry.inCache { Console.out("\tnot in cache: \(path)") }
        }
        if changed.contains(where: { $0.state != .unchanged }) {
            Console.info("hint: 'mlx commit' records the workspace; 'mlx checkout' restores the recorded data (--force discards changes the cache does not hold)")
        }
        if changed.contains(where: { !$0.inCache && $0.state != .unchanged }) {
            Console.info("hint: 'mlx pull' fetches what the cache lacks")
        }
        if changed.contains(where: { !$0.inCache && $0.state == .unchanged }) {
            Console.info("hint: 'mlx commit' puts data the workspace holds into the cache (after 'mlx add --no-commit')")
        }
    }
}

/// `mlx status --json`: `{"clean": bool, "data": [{path, pointer, state, in_cache, current_oid?}],
/// "stages": [{stage, changes: [{kind, items}]}], "imports": [{path, pointer, source, state}], "errors": [...]}`.
private struct StatusDocument: Encodable {
    let clean: Bool
    let data: [StatusOperation.Entry]
    let stages: [PipelineStatusOperation.Entry]
    let imports: [StatusCommand.ImportState]
    let errors: [String]

    init(report: StatusOperation.Report, stages: PipelineStatusOperation.Report, imports: [StatusCommand.ImportState], clean: Bool) {
        self.clean = clean
        data = report.entries
        self.stages = stages.entries
        self.imports = imports
        errors = (report.errors + stages.errors).map { URLRedaction.redact("\($0)") }
    }
}

/// `mlx status --cloud --json`: `{"remote", "clean", "data": [{path, pointer, state, missing_locally, missing_on_remote}], "errors"}`.
private struct CloudStatusDocument: Encodable {
    let remote: String
    let clean: Bool
    let data: [CloudStatusOperation.Entry]
    let errors: [String]

    init(remote: String, report: CloudStatusOperation.Report) {
        self.remote = remote
        clean = report.isClean
        data = report.entries
        errors = report.errors.map { URLRedaction.redact("\($0)") }
    }
}
