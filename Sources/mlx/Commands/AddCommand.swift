import ArgumentParser
import Foundation
import MLXCore

/// `mlx add`: track files and directories.
struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Track files and directories: cache their content and write pointer files for git.",
        discussion: """
            Each TARGET gets a pointer file TARGET.mlx to commit with git, and a line in its \
            folder's .gitignore. Adding tracked data again records its new content.
            """
    )

    @Flag(name: .customLong("glob"), help: "Expand TARGETs as glob patterns (quote them).")
    var glob = false

    @Flag(name: .customLong("no-commit"), help: "Write the pointer files but leave the content out of the cache (until 'mlx commit').")
    var noCommit = false

    @Option(name: [.short, .customLong("jobs")], help: "Files to hash and copy at once (default: cores).")
    var jobs: Int?

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "Files or directories to track.", completion: .file())
    var targets: [String]

    func validate() throws {
        if targets.isEmpty { throw ValidationError("name at least one file or directory to add") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let paths = try glob ? GlobExpansion.expand(targets, in: options.directory) : targets.map(context.absolute)
        let progress = ProgressLine(options: options)
        let results = try context.withWriterLock(wait, command: "mlx add", jobs: jobs) { workspace in
            workspace.sourceControl = try? context.repository()
            var current = ""
            workspace.onProgress = { progress.show("adding \(current): \($0)") }
            workspace.onWarning = {
                progress.clear()
                Console.warning($0)
            }
            return try AddOperation(workspace: workspace).add(paths, caching: !noCommit) { path in
                current = path
                progress.show("adding \(path)…")
            }
        }
        progress.clear()
        guard !options.quiet else { return }
        var gitPaths: [String] = []
        for result in results {
            let what = (result.nfiles.map { "\(counted($0, "file")), \(ByteCount.format(result.size))" } ?? ByteCount.format(result.size))
                + (noCommit ? ", not cached" : "")
            let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
            Console.out(result.changed ? "added \(path) (\(what))" : "unchanged \(path) (\(what))")
            gitPaths.append(result.pointer)
            // Not NSString.deletingLastPathComponent: corelibs Foundation traps on one-letter names.
            let folder = result.path.split(separator: "/").dropLast().joined(separator: "/")
            gitPaths.append(folder.isEmpty ? ".gitignore" : folder + "/.gitignore")
        }
        let relative = gitPaths.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            .map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0) }
        Console.info("\nTo track the changes with git, run:\n\n\tgit add \(relative.joined(separator: " "))\n", options: options)
    }
}
