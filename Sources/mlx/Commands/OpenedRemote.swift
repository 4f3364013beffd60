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
        let config = try context.config
        guard let chosen = try name ?? config.string("core.remote") else {
            let known = try config.subsections(of: "remote")
            throw RemoteConfigurationError(
                remote: "", message: known.isEmpty ? "no remote is configured" : "no default remote is set",
                hint: known.isEmpty ? "add one: 'mlx remote add -d storage /path/to/store'"
                                    : "pass -r NAME (one of: \(known.joined(separator: ", "))), or 'mlx remote default NAME'")
        }
        guard let url = try config.string("remote.\(chosen).url") else {
            throw RemoteConfigurationError(remote: chosen, message: "no such remote (remote.\(chosen).url is not set)",
                                           hint: "'mlx remote list' shows the remotes; 'mlx remote add \(chosen) URL' adds it")
        }
        var options: [String: String] = [:]
        for option in RemoteFactory.knownOptions where option != "url" {
            if let value = try config.string("remote.\(chosen).\(option)") { options[option] = value }
        }
        let remote = try RemoteFactory.make(RemoteSettings(name: chosen, url: url, options: options), projectRoot: context.project.root)
        if let warning = (remote as? S3Remote)?.unsignedRequestsWarning { Console.warning(warning) }
        let configuredJobs = try config.int("remote.\(chosen).jobs")
        let retries = try config.int("remote.\(chosen).retries")
        if let retries, retries < 0 {
            throw RemoteConfigurationError(remote: chosen, message: "remote.\(chosen).retries must not be negative")
        }
        let queue = TransferQueue(jobs: jobs ?? configuredJobs.map { max(1, $0) } ?? TransferQueue.defaultJobs(),
                                  retry: RetryPolicy(attempts: (retries ?? 5) + 1))
        return OpenedRemote(name: chosen, remote: remote, queue: queue)
    }
}
