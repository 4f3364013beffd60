import ArgumentParser
import Foundation
import MLXCore

/// `mlx get`: download data or files of a registry repository, untracked.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Download a file or folder of a git repository, tracked data included, without tracking it.",
        discussion: """
            URL is anything git can clone: a path, file://, https://, ssh://, git@host:repo. \
            PATH is tracked data, a path inside a tracked directory, a git file or a folder. \
            The data comes from the repository's remote (its committed .mlx/config, or \
            --remote and --remote-config), each object verified against its oid. Works inside \
            and outside a project; the clone is kept in .mlx/tmp/registry (outside: \
            ~/.cache/mlx/registry) so a second get only fetches.
            """
    )

    @Option(name: [.short, .customLong("out")], help: ArgumentHelp("Where to put it (default: PATH's name in the current folder).", valueName: "path"))
    var out: String?

    @Flag(name: .shortAndLong, help: "Replace the destination if it exists.")
    var force = false

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var common: CommonOptions

    @Argument(help: "The repository: a path or any URL git can clone.")
    var url: String

    @Argument(help: "Path inside the repository.")
    var path: String

    func run() throws {
        let options = common.effective
        let opened = try OpenedRegistry.open(url, options: registry, global: options)
        let selection = try opened.snapshot.select(path)
        let name = OpenedRegistry.defaultName(of: path, url: opened.url)
        let destination = Self.absolute(out ?? name, in: options.directory)
        let store = try Self.objectStore(options)
        let view = TransferProgressView(verb: "downloading", options: options)
        let started = ContinuousClock.now
        let result = try opened.download(into: store).download(selection, progress: view.callback)
        view.clear()
        try GetOperation(store: store, url: opened.url, readGitFiles: opened.readGitFiles)
            .place(result.files, isDirectory: selection.isDirectory, at: destination, force: force)
        if !options.quiet {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            Console.out(TransferProgressView.summary("downloaded", files: result.fetched, bytes: result.bytes, seconds: seconds, failed: 0))
        }
    }

    /// The project's cache inside a project (a later `get` or `import` of the same data needs
    /// no download), else one in the user's cache folder; both let an interrupted get resume.
    static func objectStore(_ options: GlobalOptions) throws -> ObjectStore {
        let hasher = ContentHasher.blake3(threads: ProcessInfo.processInfo.activeProcessorCount)
        if let project = try? Project.find(from: options.directory) {
            return try ObjectStore(root: project.cacheDirectory, hasher: hasher)
        }
        return try ObjectStore(root: OpenedRegistry.userCacheRoot() + "/cache", hasher: hasher)
    }

    static func absolute(_ path: String, in directory: String) -> String {
        URL(fileURLWithPath: path.hasPrefix("/") ? path : directory + "/" + path).standardizedFileURL.path
    }
}
