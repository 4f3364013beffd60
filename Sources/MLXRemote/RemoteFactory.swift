import Foundation
import MLXCore

/// Builds the `Remote` that settings describe: folder paths and `file://` URLs become a
/// `LocalRemote`, `s3://` URLs an S3 remote, `http(s)://` and `webdav(s)://` URLs an HTTP remote,
/// `ssh://` and `sftp://` URLs an SSH remote.
public enum RemoteFactory {
    /// A remote for `settings`; relative paths are taken from `projectRoot`.
    ///
    /// - Throws: ``RemoteConfigurationError`` for a URL that ``validate(_:projectRoot:)``
    ///   refuses, or S3 settings that cannot be used.
    public static func make(_ settings: RemoteSettings, projectRoot: String) throws -> any Remote {
        try validate(settings, projectRoot: projectRoot)
        if !isFolder(settings.url) {
            try CurlLibrary.load(for: settings.name)
        }
        if settings.url.lowercased().hasPrefix("s3://") {
            return try makeS3(settings)
        }
        if HTTPRemoteConfiguration.handles(settings.url) {
            return HTTPRemote(configuration: try HTTPRemoteConfiguration.resolve(name: settings.name, url: settings.url, options: settings.options))
        }
        if ["ssh://", "sftp://"].contains(where: settings.url.lowercased().hasPrefix) {
            return try makeSSH(settings)
        }
        return LocalRemote(root: try localPath(of: settings, projectRoot: projectRoot), name: settings.name)
    }

    /// Whether `url` is a folder path or `file://` URL, which need no network library.
    static func isFolder(_ url: String) -> Bool {
        !url.contains("://") || url.lowercased().hasPrefix("file://")
    }

    /// The one place S3 remotes are built: the remote's options plus the AWS environment and
    /// files, resolved as the AWS tools do.
    static func makeS3(
        _ settings: RemoteSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> any Remote {
        do {
            let configuration = try S3RemoteConfiguration.resolve(
                name: settings.name, url: settings.url, options: settings.options, environment: environment,
                home: environment["HOME"] ?? NSHomeDirectory())
            return S3Remote(configuration: configuration)
        } catch {
            throw RemoteConfigurationError(remote: settings.name, message: URLRedaction.redact(error.message),
                                           hint: error.hint.map(URLRedaction.redact))
        }
    }

    /// An SSH remote from the remote's URL and options (`user`, `port`, `keyfile`, `password`,
    /// `known_hosts`), with `~` taken from `HOME`.
    static func makeSSH(
        _ settings: RemoteSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> any Remote {
        let configuration = try SSHRemoteConfiguration.resolve(
            name: settings.name, url: settings.url, options: settings.options, environment: environment,
            home: environment["HOME"] ?? NSHomeDirectory())
        return SSHRemote(configuration: configuration)
    }

    /// The absolute folder a path or `file://` URL names (any other scheme is refused by
    /// ``validate(_:projectRoot:)`` first).
    static func localPath(of settings: RemoteSettings, projectRoot: String) throws -> String {
        var path = settings.url
        if path.lowercased().hasPrefix("file://") {
            let rest = path.dropFirst("file://".count)
            // file:///abs or file://localhost/abs; anything else names another host.
            let withoutHost = rest.hasPrefix("localhost/") ? rest.dropFirst("localhost".count) : rest
            guard withoutHost.hasPrefix("/") else {
                throw RemoteConfigurationError(remote: settings.name,
                                               message: "file URL \(URLRedaction.redact(settings.url)) does not name a local absolute path",
                                               hint: "write file:///absolute/path")
            }
            path = String(withoutHost).removingPercentEncoding ?? String(withoutHost)
        }
        guard !path.isEmpty else {
            throw RemoteConfigurationError(remote: settings.name, message: "the remote's url is empty")
        }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst(1)
        }
        let absolute = path.hasPrefix("/") ? path : projectRoot + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
