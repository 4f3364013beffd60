import ArgumentParser
import Foundation
import MLXCore

/// `mlx import-url`: track a copy of a file or folder from outside the project (this machine,
/// S3, a web server, a configured remote), with its source.
struct ImportURLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-url",
        abstract: "Copy a file or folder from outside the project into it and track it, recording the source so 'mlx update' can refresh it.",
        discussion: """
            URL is a local path, file://, s3://BUCKET/KEY, http(s)://… or remote://NAME/PATH \
            (PATH under the configured remote NAME). An s3:// key or remote:// path that names \
            no object but prefixes some is imported as a folder. The pointer records the \
            source (deps): a local source's oid and size, a remote one's ETag and size, so \
            'mlx status' says 'changed upstream' when the source changes and 'mlx update' \
            downloads it again. S3 endpoint, region and credentials come from the environment \
            and ~/.aws as for the aws CLI, with --fs-config over them.
            """
    )

    @Flag(name: .shortAndLong, help: "Replace the destination if it exists.")
    var force = false

    @Option(name: .customLong("fs-config"),
            help: ArgumentHelp("A setting of the source's remote, e.g. endpoint=http://127.0.0.1:9000 (repeatable; as for 'mlx remote modify').",
                               valueName: "name=value"))
    var fsConfig: [String] = []

    @Option(name: [.short, .customLong("jobs")], help: "Downloads at once (default: 4 x cores within the open-file limit).")
    var jobs: Int?

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    @Argument(help: "The source: a local path, file://, s3://, http(s):// or remote://NAME/PATH URL.")
    var url: String

    @Argument(help: "Where to put it in the project (default: the source's name in the current folder).")
    var out: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        for setting in fsConfig where !setting.contains("=") {
            throw ValidationError("--fs-config takes name=value, not '\(setting)'")
        }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let source = URLSource.isRemote(url) ? url : try Self.localSource(url, base: options.directory)
        let destination = context.absolute(out ?? Self.defaultName(of: source))
        let opener = URLSourceOpening.opener(config: try context.config, projectRoot: context.project.root, overrides: fsConfig, jobs: jobs)
        let result = try context.withWriterLock(wait, command: "mlx import-url") { workspace in
            workspace.sourceControl = try? context.repository()
            return try ImportURLOperation(workspace: workspace, openSource: opener).importURL(source, to: destination, force: force)
        }
        guard !options.quiet else { return }
        let shown = ShellQuoting.display(relativeTo: options.directory, projectRoot: context.project.root, result.path)
        Console.out("imported \(shown) from \(URLRedaction.redact(source))")
        let folder = result.path.split(separator: "/").dropLast().joined(separator: "/")
        let gitPaths = [result.pointer, folder.isEmpty ? ".gitignore" : folder + "/.gitignore"]
            .map { ShellQuoting.quote(relativeTo: options.directory, projectRoot: context.project.root, $0) }
        Console.info("\nTo track the changes with git, run:\n\n\tgit add \(gitPaths.joined(separator: " "))\n", options: options)
    }

    /// The last segment of the source's path (`s3://bucket/data/` → `data`), else its host or bucket.
    static func defaultName(of source: String) -> String {
        guard URLSource.isRemote(source) else { return URL(fileURLWithPath: source).lastPathComponent }
        let path = source.split(separator: "://", maxSplits: 1).last.map(String.init) ?? source
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.removingPercentEncoding ?? name
    }

    /// The absolute path a local source (a path or `file://` URL) names.
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
        return GetCommand.absolute(url, in: base)
    }
}
