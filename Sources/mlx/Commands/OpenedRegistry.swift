import Foundation
import MLXCore
import MLXGit
import MLXRemote

/// A registry repository opened for `list`, `get`, `import` and `update`: its bare clone in the
/// clone cache, the commit asked for, its tree there, and how to open its remote.
struct OpenedRegistry {
    /// The URL as recorded: a local path made absolute, anything else as given.
    let url: String
    let repository: GitRepository
    let snapshot: RegistrySnapshot
    let options: RegistryOptions

    /// Clones or fetches `url` into the clone cache (the project's `.mlx/tmp/registry`, else
    /// the user's cache folder) and reads its tree at `revision` (default: `options.rev`, else
    /// the default branch).
    static func open(_ url: String, options: RegistryOptions, revision: String? = nil, global: GlobalOptions) throws -> OpenedRegistry {
        let recorded = RegistryCloneCache.localPath(of: url, base: global.directory) ?? url
        let repository = try RegistryCloneCache(root: cloneCacheRoot(global)).open(recorded)
        let commit = try repository.resolve(revision: revision ?? options.rev ?? "HEAD")
        let snapshot = try RegistrySnapshot.read(repository, url: recorded, commit: commit)
        return OpenedRegistry(url: recorded, repository: repository, snapshot: snapshot, options: options)
    }

    /// `.mlx/tmp/registry` of the project around the command's folder, else
    /// `$XDG_CACHE_HOME/mlx/registry` (`~/.cache/mlx/registry`), else a temporary folder.
    static func cloneCacheRoot(_ global: GlobalOptions) -> String {
        if let project = try? Project.find(from: global.directory) { return project.tmpDirectory + "/registry" }
        return userCacheRoot() + "/registry"
    }

    /// mlx's folder in the user's cache (`$XDG_CACHE_HOME/mlx`, `~/.cache/mlx`), for commands
    /// run outside a project.
    static func userCacheRoot() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/mlx" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/mlx" }
        return NSTemporaryDirectory() + "mlx"
    }

    /// The default destination of a registry path: its last component, or the repository's
    /// name for its top.
    static func defaultName(of path: String, url: String) -> String {
        path.split(separator: "/").last(where: { $0 != "." }).map(String.init)
            ?? URL(fileURLWithPath: url).deletingPathExtension().lastPathComponent
    }

    /// Reads git files of the registry at the snapshot's commit.
    func readGitFiles(_ paths: [String]) throws -> [[UInt8]?] {
        try repository.readFiles(paths, at: snapshot.commit)
    }

    /// A download into `store` from the registry's remote, opened when data is needed.
    func download(into store: ObjectStore) -> RegistryDownload {
        RegistryDownload(store: store, url: url) { try openRemote() }
    }

    /// The registry's remote: `--remote` (else its `core.remote`) as its committed `.mlx/config`
    /// at the commit describes it, with `--remote-config` settings over it. The repository is
    /// someone else's, so a relative folder is taken only from a registry on this machine.
    func openRemote() throws -> (remote: any Remote, queue: TransferQueue) {
        let folder = FileManager.default.temporaryDirectory.path + "/" + TemporaryFiles.prefix + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/.mlx", withIntermediateDirectories: true)
        let config = try readGitFiles([".mlx/config"])[0] ?? []
        try AtomicFile.write(config, to: folder + "/.mlx/config")
        var settings: RemoteSettings
        do {
            settings = try RemoteRegistry(config: MLXConfig(projectRoot: folder)).settings(of: options.remote)
        } catch let error as RemoteConfigurationError {
            let givesURL = options.remoteConfig.contains { $0.hasPrefix("url=") }
            guard givesURL else { throw RegistryError(source: url, message: "has no remote to read data from: \(error.description)",
                                hint: "give one with --remote-config url=PATH_OR_URL") }
            settings = RemoteSettings(name: options.remote ?? "registry", url: "")
        }
        settings = try overridden(settings)
        let localRoot = RegistryCloneCache.localPath(of: url, base: "/")
        let isRelativeFolder = !settings.url.contains("://") && !settings.url.hasPrefix("/") && !settings.url.hasPrefix("~")
        if isRelativeFolder && localRoot == nil {
            throw RegistryError(source: url, message: "its remote '\(settings.name)' is the relative folder '\(settings.url)', which only means something on the registry's own machine",
                                hint: "give the folder or URL with --remote-config url=...")
        }
        let remote = try RemoteFactory.make(settings, projectRoot: localRoot ?? folder)
        let queue = TransferQueue(for: remote, jobs: options.jobs ?? settings.jobs, retries: settings.retries)
        return (remote, queue)
    }

    /// `settings` with `--remote-config name=value` over them.
    private func overridden(_ settings: RemoteSettings) throws -> RemoteSettings {
        try RemoteSettingOverrides.apply(options.remoteConfig, to: settings, flag: "--remote-config", source: url)
    }
}
