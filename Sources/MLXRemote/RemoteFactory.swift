import Foundation
import MLXCore

/// A remote as the configuration describes it (`[remote "NAME"]`), without reading any file:
/// the executable fills it from `MLXConfig`, tests fill it by hand.
public struct RemoteSettings: Sendable, Equatable {
    public let name: String
    /// `remote.<name>.url`: a path, `file://…`, or `s3://bucket[/prefix]`.
    public let url: String
    /// The other `remote.<name>.*` keys, hyphenated as stored (`secret-access-key`).
    public let options: [String: String]

    public init(name: String, url: String, options: [String: String] = [:]) {
        self.name = name
        self.url = url
        self.options = options
    }
}

/// Builds the `Remote` that settings describe: folder paths and `file://` URLs become a
/// `LocalRemote`, `s3://` URLs an S3 remote.
public enum RemoteFactory {
    /// The options SPEC §4 defines for a remote, in the hyphenated form config files hold.
    public static let knownOptions: [String] = [
        "url", "endpoint", "region", "profile", "access-key-id", "secret-access-key", "session-token",
        "path-style", "jobs", "part-size", "retries", "ssl-verify",
    ]

    /// A remote for `settings`; relative paths are taken from `projectRoot`.
    ///
    /// - Throws: ``RemoteConfigurationError`` for a URL that ``validate(_:projectRoot:)``
    ///   refuses, or S3 settings that cannot be used.
    public static func make(_ settings: RemoteSettings, projectRoot: String) throws -> any Remote {
        try validate(settings, projectRoot: projectRoot)
        if settings.url.lowercased().hasPrefix("s3://") {
            return try makeS3(settings)
        }
        return LocalRemote(root: try localPath(of: settings, projectRoot: projectRoot), name: settings.name)
    }

    /// The one place S3 remotes are built: the remote's options (stored hyphenated, as
    /// git-config requires) plus the AWS environment and files, resolved as the AWS tools do.
    static func makeS3(
        _ settings: RemoteSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> any Remote {
        let options = Dictionary(settings.options.map { ($0.key.replacingOccurrences(of: "-", with: "_"), $0.value) },
                                 uniquingKeysWith: { first, _ in first })
        do {
            let configuration = try S3RemoteConfiguration.resolve(
                name: settings.name, url: settings.url, options: options, environment: environment,
                home: environment["HOME"] ?? NSHomeDirectory())
            return S3Remote(configuration: configuration)
        } catch {
            throw RemoteConfigurationError(remote: settings.name, message: URLRedaction.redact(error.message),
                                           hint: error.hint.map(URLRedaction.redact))
        }
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

/// A remote whose configuration cannot be used.
public struct RemoteConfigurationError: ReportableError, Equatable {
    public let remote: String
    public let message: String
    public let hint: String?

    public init(remote: String, message: String, hint: String? = nil) {
        self.remote = remote
        self.message = message
        self.hint = hint
    }

    public var description: String { remote.isEmpty ? message : "remote '\(remote)': \(message)" }
}
