import Foundation
import MLXCore
import MLXGit

/// What a command that works inside a project needs, wired from the global options: the
/// project found from `-C`/the current folder, its configuration, its workspace and its lock.
struct ProjectContext {
    let options: GlobalOptions
    let project: Project
    let config: MLXConfig

    /// Finds the project that contains the command's folder.
    static func open(_ options: GlobalOptions) throws -> ProjectContext {
        let project = try Project.find(from: options.directory)
        return ProjectContext(options: options, project: project, config: try MLXConfig(projectRoot: project.root))
    }

    /// A user-typed path made absolute against the command's folder.
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : options.directory + "/" + path
    }

    /// The workspace with the configured link types (`cache.type`) and `jobs` (default: cores).
    func workspace(jobs: Int? = nil) throws -> Workspace {
        let linkTypes = try config.string("cache.type").map { try CacheLinkType.parseList($0) } ?? CacheLinkType.defaultOrder
        return try Workspace(project: project, linkTypes: linkTypes, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Takes the project's writer lock, waiting up to `wait` seconds for another writer.
    func lock(wait: Double, command: String) throws -> ProjectLock {
        let lock = ProjectLock(projectRoot: project.root)
        try lock.acquire(wait: wait, command: command)
        // A writer killed mid-way left its temporaries in the cache's staging folder.
        try ObjectStore(root: project.cacheDirectory, hasher: .blake3()).sweepStaging()
        return lock
    }

    /// The git repository the project lives in.
    func repository() throws -> GitRepository {
        try GitRepository.discover(from: project.root)
    }
}
