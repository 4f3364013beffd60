import ArgumentParser
import Foundation
import MLXCore

/// `mlx status`: what differs between the workspace and the pointer files.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show tracked data that differs from its pointer file, or is missing from the cache."
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Flag(name: .customLong("exit-code"), help: "Exit 1 when anything differs (for hooks and CI).")
    var exitCode = false

    @Option(name: [.short, .customLong("jobs")], help: "Files to hash at once (default: cores); with --cloud, remote checks at once.")
    var jobs: Int?

    @Flag(name: [.short, .customLong("cloud")], help: "Compare the cache with a remote instead of the workspace.")
    var cloud = false

    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("Remote for --cloud (default: core.remote).", valueName: "name"))
    var remote: String?

    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths or folders (default: the whole project).", completion: .file())
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        if cloud { return try runCloud(options: options, context: context) }
        let workspace = try context.workspace(jobs: jobs)
        let report = try StatusOperation(workspace: workspace).status(targets.map(context.absolute))
        for error in report.errors { Entrypoint.printDiagnostic(error) }
        if json {
            try Console.printJSON(StatusDocument(report: report))
        } else {
            render(report, options: options, root: context.project.root)
        }
        if !report.errors.isEmpty || (exitCode && !report.isClean) { throw ExitCode.failure }
    }

    /// `--cloud`: per output, whether the cache and the remote hold all its objects.
    private func runCloud(options: GlobalOptions, context: ProjectContext) throws {
        let opened = try OpenedRemote.open(remote, context: context, jobs: jobs)
        let report = try CloudStatusOperation(workspace: try context.workspace(), remote: opened.remote, runner: opened.queue)
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

    private func render(_ report: StatusOperation.Report, options: GlobalOptions, root: String) {
        let changed = report.entries.filter { $0.state != .unchanged || !$0.inCache }
        if changed.isEmpty {
            if report.errors.isEmpty && !options.quiet {
                Console.out(report.entries.isEmpty ? "No tracked data." : "Data and pointer files are up to date.")
            }
            return
        }
        for entry in changed {
            let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: root, entry.path)
            if entry.state != .unchanged { Console.out("\t" + "\(entry.state.rawValue):".padding(toLength: 14, withPad: " ", startingAt: 0) + path) }
            if !entry.inCache { Console.out("\tnot in cache: \(path)") }
        }
        guard !options.quiet else { return }
        if changed.contains(where: { $0.state != .unchanged }) {
            Console.info("hint: 'mlx commit' records the workspace; 'mlx checkout' restores the recorded data (--force discards changes the cache does not hold)")
        }
        if changed.contains(where: { !$0.inCache }) {
            Console.info("hint: 'mlx pull' fetches what the cache lacks")
        }
    }
}

/// `mlx status --json`: `{"clean": bool, "data": [{path, pointer, state, in_cache, current_oid?}], "errors": [...]}`.
private struct StatusDocument: Encodable {
    let clean: Bool
    let data: [StatusOperation.Entry]
    let errors: [String]

    init(report: StatusOperation.Report) {
        clean = report.isClean
        data = report.entries
        errors = report.errors.map { URLRedaction.redact("\($0)") }
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
