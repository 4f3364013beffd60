import Foundation
import MLXCore

/// The parts of an `ssh://[user@]host[:port]/path` (or `sftp://`) URL.
struct SSHAddress: Equatable {
    var user: String?
    var host: String
    /// The port as written, checked by the caller.
    var port: String?
    /// The folder as the server sees it: absolute, or relative to the home folder (`/~/x` → `x`).
    var path: String

    /// - Throws: ``RemoteConfigurationError`` for a URL that is not ssh/sftp, names no host,
    ///   or holds a password (which belongs in `.mlx/config.local`, not in the URL).
    init(url: String, remote: String) throws {
        func refuse(_ message: String, hint: String) -> RemoteConfigurationError {
            RemoteConfigurationError(remote: remote, message: message, hint: hint)
        }
        let shown = URLRedaction.redact(url)
        guard let schemeEnd = url.range(of: "://"),
              ["ssh", "sftp"].contains(url[..<schemeEnd.lowerBound].lowercased()) else {
            throw refuse("url '\(shown)' is not an ssh:// or sftp:// URL", hint: "write ssh://host[:port]/path (the user goes before the host or in the user option)")
        }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            if userInfo.contains(":") {
                throw refuse("url '\(shown)' holds a password, which would be committed with the config",
                             hint: "remove it from the URL and set it with 'mlx remote modify --local \(remote.isEmpty ? "NAME" : remote) password …'")
            }
            user = userInfo.isEmpty ? nil : (userInfo.removingPercentEncoding ?? String(userInfo))
            hostPart = authority[authority.index(after: at)...]
        }
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            port = after.hasPrefix(":") ? String(after.dropFirst()) : nil
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            port = String(hostPart[hostPart.index(after: colon)...])
        } else {
            host = String(hostPart)
        }
        if port?.isEmpty == true { port = nil }
        guard !host.isEmpty else {
            throw refuse("url '\(shown)' names no host", hint: "write ssh://host[:port]/path (the user goes before the host or in the user option)")
        }
        var folder = String(rest.dropFirst(authority.count))
        folder = folder.removingPercentEncoding ?? folder
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        if folder == "/~" || folder.isEmpty {
            path = ""
        } else if folder.hasPrefix("/~/") {
            path = String(folder.dropFirst(3))
        } else {
            path = folder
        }
    }
}
