import Foundation
import MLXCore
import MLXGit
import MLXRemote

/// How `import-url`, `update` and `status` reach a source that is a URL:
/// - `s3://BUCKET/KEY`: S3, with the endpoint, region and credentials the AWS tools would use
///   (`AWS_ENDPOINT_URL`, `AWS_PROFILE`, `~/.aws/…`), and `--fs-config` over them;
/// - `http://` / `https://`: a web server (`HEAD` for the ETag, `GET` to download);
/// - `remote://NAME/PATH`: PATH under the configured remote NAME, with its settings and secrets,
///   as DVC reads it; any kind of remote.
enum URLSourceOpening {
    /// An opener that builds each source's remote; `overrides` are `--fs-config name=value`.
    static func opener(config: MLXConfig, projectRoot: String, overrides: [String], jobs: Int?) -> URLSource.Opener {
        { url in try open(url, config: config, projectRoot: projectRoot, overrides: overrides, jobs: jobs) }
    }

    static func open(_ url: String, config: MLXConfig, projectRoot: String, overrides: [String], jobs: Int?) throws -> URLSource {
        let scheme = url.range(of: "://").map { url[..<$0.lowerBound].lowercased() } ?? ""
        let rest = String(url.drop { $0 != ":" }.dropFirst(3))
        let (authority, path) = split(rest)
        var settings: RemoteSettings
        var key: String
        switch scheme {
        case "s3":
            guard !authority.isEmpty else {
                throw RegistryError(source: url, message: "names no bucket", hint: "write s3://BUCKET/KEY")
            }
            settings = RemoteSettings(name: "s3://" + authority, url: "s3://" + authority)
            key = path
        case "http", "https":
            if url.contains("?") || url.contains("#") {
                throw RegistryError(source: URLRedaction.redact(url), message: "has a query or fragment, which import-url does not record",
                                    hint: "download it, then 'mlx import-url' the local copy")
            }
            settings = RemoteSettings(name: scheme + "://" + hostPart(of: authority), url: scheme + "://" + authority)
            key = path.removingPercentEncoding ?? path
        case "remote":
            settings = try RemoteRegistry(config: config).settings(of: authority)
            key = path
        default:
            throw RegistryError(source: URLRedaction.redact(url), message: "import-url does not read \(scheme):// sources",
                                hint: "use a local path, s3://, http(s):// or remote://NAME/PATH")
        }
        settings = try RemoteSettingOverrides.apply(overrides, to: settings, flag: "--fs-config", source: URLRedaction.redact(url))
        let remote = try RemoteFactory.make(settings, projectRoot: projectRoot)
        let queue = TransferQueue(for: remote, jobs: jobs ?? settings.jobs, retries: settings.retries)
        return URLSource(url: url, remote: remote, key: key, queue: queue)
    }

    /// `host[:port]` and the path after it (without its leading `/`).
    private static func split(_ rest: String) -> (authority: String, path: String) {
        guard let slash = rest.firstIndex(of: "/") else { return (rest, "") }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }

    /// The host of an authority without the `user:password@` a URL may carry.
    private static func hostPart(of authority: String) -> String {
        authority.split(separator: "@").last.map(String.init) ?? authority
    }
}
