import Foundation
import MLXCore

extension RemoteFactory {
    /// What a remote's URL may be, for hints.
    static let supportedForms = "s3://bucket[/prefix], http(s)://host/path, webdav(s)://host/path, ssh://host[:port]/path, "
        + "file:///absolute/path, or a folder path outside the project"

    /// Words that, written before `//` without the `:`, are a URL whose scheme was mistyped
    /// (`S3//bucket`) rather than a folder name.
    static let schemeNames: Set<String> = ["s3", "file", "gs", "gcs", "http", "https", "azure", "az", "ssh", "sftp", "hdfs", "webdav", "webdavs"]

    /// Refuses a remote URL that mlx cannot use or that is almost surely a mistake, which would
    /// otherwise silently become a folder inside the project: a scheme mlx does not support
    /// (`gs://`, `http://`), a mistyped one (`s3:bucket`, `s3:/bucket`, `S3//bucket`), an
    /// `s3://` URL without a bucket, and a folder inside the project's work tree at
    /// `projectRoot`, where a push would write into the workspace itself.
    ///
    /// Run when a remote is added or its URL changed, and again by ``make(_:projectRoot:)``,
    /// since the configuration may be edited by hand. Relative folders are taken from
    /// `projectRoot`; when it is `nil` (a `--global` remote added outside any project) only the
    /// form of the URL is checked.
    public static func validate(_ settings: RemoteSettings, projectRoot: String?) throws {
        let url = settings.url
        let shown = URLRedaction.redact(url)
        func refuse(_ message: String, hint: String) -> RemoteConfigurationError {
            RemoteConfigurationError(remote: settings.name, message: message, hint: hint)
        }
        guard !url.isEmpty else { throw refuse("the url is empty", hint: "write \(supportedForms)") }
        if let scheme = leadingSchemeWord(of: url), url.dropFirst(scheme.count).hasPrefix(":") {
            let afterColon = url.dropFirst(scheme.count + 1)
            guard afterColon.hasPrefix("//") else {
                let path = afterColon.drop { $0 == "/" }
                let meant = scheme.lowercased() + (scheme.lowercased() == "file" ? ":///" : "://") + path
                throw refuse("url '\(shown)' looks like a mistyped URL: '\(scheme):' is not followed by '//'",
                             hint: "did you mean \(URLRedaction.redact(meant))? A remote is \(supportedForms)")
            }
            switch scheme.lowercased() {
            case "s3":
                let bucket = afterColon.dropFirst(2).prefix { $0 != "/" }
                if bucket.isEmpty {
                    throw refuse("url '\(shown)' names no bucket", hint: "write the url as s3://bucket[/prefix]")
                }
                if bucket.contains("@") {
                    throw refuse("url '\(shown)' holds credentials, which S3 does not take in its URL",
                                 hint: "set access_key_id and secret_access_key with 'mlx remote modify --local \(settings.name) …'")
                }
                return
            case "ssh", "sftp":
                _ = try SSHAddress(url: url, remote: settings.name)
                return
            case "file":
                break
            case "http", "https", "webdav", "webdavs":
                try checkWebURL(settings, scheme: scheme.lowercased(), afterScheme: afterColon.dropFirst(2))
                return
            default:
                throw refuse("url '\(shown)' uses the unsupported scheme '\(scheme)://'",
                             hint: "a remote is \(supportedForms); for an S3-compatible server write s3://bucket[/prefix] "
                                 + "and set its address with 'mlx remote modify \(settings.name) endpoint URL'")
            }
        } else if let word = leadingSchemeWord(of: url), url.dropFirst(word.count).hasPrefix("//"),
                  schemeNames.contains(word.lowercased()) {
            let meant = word.lowercased() + "://" + url.dropFirst(word.count + 2)
            throw refuse("url '\(shown)' looks like a mistyped URL: '\(word)' is not followed by '://'",
                         hint: "did you mean \(URLRedaction.redact(meant))? A remote is \(supportedForms)")
        }
        // A file:// URL is checked for its form even where relative folders cannot be placed.
        let folder = try localPath(of: settings, projectRoot: projectRoot ?? "/")
        guard let projectRoot else { return }
        let root = resolvingSymlinks(projectRoot.isEmpty ? "/" : projectRoot)
        let resolved = resolvingSymlinks(folder)
        if resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") {
            throw refuse("folder \(folder) is inside the project's work tree (\(projectRoot.isEmpty ? "/" : projectRoot)): "
                             + "a push would write into the workspace itself",
                         hint: "put the remote outside the project (../store, /mnt/store), or write s3://bucket[/prefix] for S3")
        }
    }

    /// Refuses a web URL without a host, and one that holds a password, which would sit in the
    /// committed config (and in every message that shows the URL) instead of config.local.
    private static func checkWebURL(_ settings: RemoteSettings, scheme: String, afterScheme: Substring) throws {
        let shown = URLRedaction.redact(settings.url)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let userInformation = authority.lastIndex(of: "@").map { authority[..<$0] }
        if authority.dropFirst(userInformation.map { $0.count + 1 } ?? 0).isEmpty {
            throw RemoteConfigurationError(remote: settings.name, message: "url '\(shown)' names no host",
                                           hint: "write the url as \(scheme)://host[:port]/path")
        }
        if let userInformation, userInformation.contains(":") {
            throw RemoteConfigurationError(
                remote: settings.name, message: "url '\(shown)' holds a password, which would be stored in the committed config",
                hint: "drop it from the url and keep it in .mlx/config.local: mlx remote modify --local \(settings.name) password PASSWORD")
        }
    }

    /// The scheme-like word a URL starts with (a letter, then letters, digits, `+`, `-`, `.`,
    /// as RFC 3986 allows), or `nil`.
    private static func leadingSchemeWord(of url: String) -> Substring? {
        guard let first = url.first, first.isASCII, first.isLetter else { return nil }
        let word = url.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
        return word
    }

    /// `path` with the symlinks of its longest existing ancestor resolved, so that a link from
    /// outside into the project counts as inside.
    private static func resolvingSymlinks(_ path: String) -> String {
        var existing = path
        var missing: [String] = []
        while existing != "/" && !FileManager.default.fileExists(atPath: existing) {
            missing.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let resolved = URL(fileURLWithPath: existing).resolvingSymlinksInPath().path
        guard !missing.isEmpty else { return resolved }
        return (resolved == "/" ? "" : resolved) + "/" + missing.joined(separator: "/")
    }
}
