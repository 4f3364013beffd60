import Foundation
import MLXCore
import MLXGit

/// What a command that works inside a project needs, wired from the global options: the
/// project found from `-C`/the current folder, its configuration, its workspace and its lock.
struct ProjectContext {
    let options: GlobalOptions
    let project: Project
    private let lazyConfig: LazyConfig

    /// The project's configuration, read (through libgit2) the first time a command asks:
    /// starting libgit2 costs a few milliseconds, which a no-change `status` or `repro` need not pay.
    var config: MLXConfig {
        get throws { try lazyConfig.value }
    }

    /// Finds the project that contains the command's folder, with the cache its
    /// configuration names (`cache.dir`, `cache.shared`).
    static func open(_ options: GlobalOptions) throws -> ProjectContext {
        let found = try Project.find(from: options.directory)
        keepLocalConfigPrivate(found)
        let lazyConfig = LazyConfig(projectRoot: found.root)
        let project = try withConfiguredCache(found, config: lazyConfig)
        return ProjectContext(options: options, project: project, lazyConfig: lazyConfig)
    }

    /// `project` with the cache its configuration names: the one place that reads `cache.dir`
    /// and `cache.shared`. The configuration is read only when a file may set them.
    static func withConfiguredCache(_ project: Project) throws -> Project {
        try withConfiguredCache(project, config: LazyConfig(projectRoot: project.root))
    }

    private static func withConfiguredCache(_ project: Project, config: LazyConfig) throws -> Project {
        guard MLXConfig.mayConfigureCache(projectRoot: project.root) else { return project }
        let config = try config.value
        return project.withCache(directory: try config.cacheDirectory(), sharing: try config.cacheSharing())
    }

    /// Makes `.mlx/config.local`, which may hold credentials, owner-only (0600) again when
    /// something made it readable by others (a `cp`, an editor, an archive), and says so.
    static func keepLocalConfigPrivate(_ project: Project) {
        if let repair = PrivateFile.tighten(project.localConfigFile) { Console.warning(repair.description) }
    }

    /// A user-typed path made absolute against the command's folder, with `.`, `..`, repeated
    /// and trailing slashes resolved (`./data/x/` is `<dir>/data/x`); symlinks are kept.
    func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : options.directory + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// The workspace with the configured link types (`cache.type`) and `jobs` (default: cores),
    /// for commands that only read; writers get theirs from `withWriterLock`.
    func workspace(jobs: Int? = nil) throws -> Workspace {
        try Workspace(project: project, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, linkTypes: linkTypes)
    }

    /// Runs `body` as the project's one writer, in the workspace built once the lock is held
    /// (`Project.withWriterLock`): `--wait` says how long to wait for another writer.
    func withWriterLock<Value>(_ wait: WaitOption, command: String, exclusiveCache: Bool = false, jobs: Int? = nil,
                               _ body: (Workspace) throws -> Value) throws -> Value {
        try project.withWriterLock(wait: wait.seconds, command: command, exclusiveCache: exclusiveCache,
                                   jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, linkTypes: linkTypes, body)
    }

    /// The configured link types (`cache.type`), read when first asked for.
    private var linkTypes: () throws -> [CacheLinkType] {
        let config = lazyConfig
        return {
            try config.value.checkedString(ConfigSetting.cacheLinkTypes.rawValue).map { try CacheLinkType.parseList($0) }
                ?? CacheLinkType.defaultOrder
        }
    }

    /// The git repository the project lives in.
    func repository() throws -> GitRepository {
        try GitRepository.discover(from: project.root)
    }
}

/// Reads the configuration once, on first use.
private final class LazyConfig {
    private let projectRoot: String
    private var loaded: MLXConfig?

    init(projectRoot: String) {
        self.projectRoot = projectRoot
    }

    var value: MLXConfig {
        get throws {
            if let loaded { return loaded }
            let config = try MLXConfig(projectRoot: projectRoot)
            loaded = config
            warnOfUnknownKeys(in: config)
            return config
        }
    }

    /// Says where a key mlx does not know is set, so that a typo (`cache.typ`) is never
    /// silently ignored; a warning rather than an error, since the key may have nothing to do
    /// with the command. A bad value of a known key stops the command that reads it
    /// (``MLXConfig/checkedString(_:)``).
    private func warnOfUnknownKeys(in config: MLXConfig) {
        guard let problems = try? config.schemaProblems() else { return }
        for problem in problems where problem.kind == .unknownKey {
            Console.warning(problem.message)
        }
    }
}
