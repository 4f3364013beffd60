import ArgumentParser
import Foundation
import MLXCore

/// `mlx import-url`: track a copy of a file or folder from outside the project, with its source.
struct ImportURLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-url",
        abstract: "Copy a file or folder from outside the project into it and track it, recording the source so 'mlx update' can refresh it.",
        discussion: """
            URL is a local path or file:// URL. The pointer records the source's path, oid and \
            size (deps), so 'mlx status' says 'changed upstream' when the source changes and \
            'mlx update' copies it again.
            """
    )

    @Flag(name: .shortAndLong, help: "Replace the destination if it exists.")
    var force = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "The source: a local path or file:// URL.")
    var url: String

    @Argument(help: "Where to put it in the project (default: the source's name in the current folder).")
    var out: String?

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let source = try Self.localSource(url, base: options.directory)
        let destination = context.absolute(out ?? URL(fileURLWithPath: source).lastPathComponent)
        let result = try context.withWriterLock(wait, command: "mlx import-url") { workspace in
            workspace.sourceControl = try? context.repository()
            return try ImportURLOperation(workspace: workspace).importURL(source, to: destination, force: force)
        }
        guard !options.quiet else { return }
        let shown = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
        Console.out("imported \(shown) from \(source)")
        let folder = result.path.split(separator: "/").dropLast().joined(separator: "/")
        let gitPaths = [result.pointer, folder.isEmpty ? ".gitignore" : folder + "/.gitignore"]
            .map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0) }
        Console.info("\nTo track the changes with git, run:\n\n\tgit add \(gitPaths.joined(separator: " "))\n", options: options)
    }

    /// The absolute path a local source names; other schemes are refused with a hint.
    static func localSource(_ url: String, base: String) throws -> String {
        let lowered = url.lowercased()
        if lowered.hasPrefix("file://") {
            let rest = url.dropFirst("file://".count)
            let path = rest.hasPrefix("localhost/") ? rest.dropFirst("localhost".count) : rest
            guard path.hasPrefix("/") else {
                throw RegistryError(source: url, message: "does not name a local absolute path", hint: "write file:///absolute/path")
            }
            return URL(fileURLWithPath: String(path).removingPercentEncoding ?? String(path)).standardizedFileURL.path
        }
        if let scheme = lowered.range(of: "://").map({ String(lowered[..<$0.lowerBound]) }) {
            throw RegistryError(source: url, message: "import-url does not read \(scheme):// sources yet",
                                hint: "download it, then 'mlx import-url' the local copy")
        }
        return GetCommand.absolute(url, in: base)
    }
}
