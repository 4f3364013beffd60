import Foundation
import MLXCore
import MLXGit
import MLXRemote

/// A remote opened from the configuration, with the queue its options call for.
struct OpenedRemote {
    let name: String
    let remote: any Remote
    let queue: TransferQueue

    /// The remote `name` (else `core.remote`) of the project's configuration.
    static func open(_ name: String?, context: ProjectContext, jobs: Int?) throws -> OpenedRemote {
        let settings = try RemoteRegistry(config: context.config).settings(of: name)
        let remote = try RemoteFactory.make(settings, projectRoot: context.project.root)
        if let warning = (remote as? S3Remote)?.unsignedRequestsWarning { Console.warning(warning) }
        let queue = TransferQueue(for: remote, jobs: jobs ?? settings.jobs, retries: settings.retries)
        return OpenedRemote(name: settings.name, remote: remote, queue: queue)
    }
}
