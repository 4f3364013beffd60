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

    @Option(name: [.short, .customLong("jobs")], help: "Files to hash at once (default: cores).")
    var jobs: Int?

    @OptionGroup var common: CommonOptions

    @Argument(help: "Pointer files, tracked paths or folders (default: the whole project).")
    var targets: [String] = []

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
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
        errors = report.errors.map { "\($0)" }
    }
}
