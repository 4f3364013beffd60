import ArgumentParser
import Foundation
import MLXCore

/// `mlx import`: download data of a registry repository and track it, with its source.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Download data of a git repository into the project and track it, recording where it came from.",
        discussion: """
            Like 'mlx get', then writes PATH.mlx recording the data and its source (deps: \
            url, rev, rev_lock, path), caches the data (so 'mlx push' sends it to this \
            project's remote), and adds it to .gitignore. 'mlx update' brings it to the \
            repository's newer revision; 'mlx status' says when one is available.
            """
    )

    @Option(name: [.short, .customLong("out")], help: ArgumentHelp("Where to put it in the project (default: PATH's name in the current folder).", valueName: "path"))
    var out: String?

    @Flag(name: .shortAndLong, help: "Replace the destination if it exists.")
    var force = false

    @Flag(name: .customLong("no-download"), help: "Write the pointer (with the data's oids) without downloading the data.")
    var noDownload = false

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "The repository: a path or any URL git can clone.")
    var url: String

    @Argument(help: "Path inside the repository.")
    var path: String

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let opened = try OpenedRegistry.open(url, options: registry, global: options)
        let name = OpenedRegistry.defaultName(of: path, url: opened.url)
        let destination = context.absolute(out ?? name)
        let result = try context.withWriterLock(wait, command: "mlx import") { workspace in
            workspace.sourceControl = try? context.repository()
            return try ImportOperation(workspace: workspace).importData(
                path, from: opened.snapshot, rev: registry.rev, to: destination, download: opened.download(into: workspace.store),
                readGitFiles: opened.readGitFiles, fetching: !noDownload, force: force)
        }
        guard !options.quiet else { return }
        let shown = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
        Console.out("imported \(shown) from \(opened.url) at \(result.revLock.prefix(7))" + (noDownload ? " (not downloaded)" : ""))
        let folder = result.path.split(separator: "/").dropLast().joined(separator: "/")
        let gitPaths = [result.pointer, folder.isEmpty ? ".gitignore" : folder + "/.gitignore"]
            .map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0) }
        Console.info("\nTo track the changes with git, run:\n\n\tgit add \(gitPaths.joined(separator: " "))\n", options: options)
    }
}
