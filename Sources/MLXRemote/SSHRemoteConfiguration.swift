import Foundation
import MLXCore

/// Everything an `SSHRemote` needs, resolved from a remote's URL and options the way DVC's
/// ssh remote reads them: the URL's user and port first, then the `user` and `port` options,
/// then the login name and 22.
public struct SSHRemoteConfiguration: Sendable {
    /// The `[remote "NAME"]` name ("" for a remote given by URL only).
    public let name: String
    /// The URL as configured, for messages.
    public let url: String
    public let host: String
    public let port: Int
    public let user: String
    /// The remote's folder as the server sees it: absolute (`/srv/store`), or relative to the
    /// login's home folder (`store`, or "" for the home folder itself) for `ssh://host/~/store`.
    public let root: String
    /// The private key to offer; nil offers only the agent's keys (and the password).
    public let privateKey: String?
    /// Whether to ask the ssh agent (`SSH_AUTH_SOCK` is set).
    public let usesAgent: Bool
    public let password: RedactedString?
    /// The trusted host keys; an unknown or different key is refused.
    public let knownHosts: String
    /// Seconds without a byte moved before a transfer fails.
    public var timeoutSeconds = 60

    /// The private keys tried when the remote names none, first that exists wins (after the agent's).
    public static let defaultKeyNames = ["id_ed25519", "id_rsa"]

    public init(name: String, url: String, host: String, port: Int, user: String, root: String, privateKey: String?,
                usesAgent: Bool, password: RedactedString?, knownHosts: String) {
        self.name = name
        self.url = url
        self.host = host
        self.port = port
        self.user = user
        self.root = root
        self.privateKey = privateKey
        self.usesAgent = usesAgent
        self.password = password
        self.knownHosts = knownHosts
    }

    /// Reads `url` (`ssh://[user@]host[:port]/path` or `sftp://…`) and `options`.
    ///
    /// - Throws: ``RemoteConfigurationError`` for a URL without a host, a bad port, or a
    ///   `keyfile` that does not exist.
    public static func resolve(name: String, url: String, options: [RemoteOption: String],
                               environment: [String: String], home: String) throws -> SSHRemoteConfiguration {
        func refuse(_ message: String, hint: String? = nil) -> RemoteConfigurationError {
            RemoteConfigurationError(remote: name, message: message, hint: hint)
        }
        let address = try SSHAddress(url: url, remote: name)
        let portText = address.port ?? options[.port]
        var port = 22
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw refuse("port '\(portText)' is not a port number (1-65535)")
            }
            port = number
        }
        let user = address.user ?? options[.user] ?? environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        func expand(_ path: String) -> String {
            path.hasPrefix("~/") ? home + path.dropFirst(1) : path
        }
        var privateKey: String?
        if let keyfile = options[.keyfile] {
            privateKey = expand(keyfile)
            guard FileManager.default.isReadableFile(atPath: privateKey!) else {
                throw refuse("keyfile \(privateKey!) does not exist or cannot be read",
                             hint: "set the private key with 'mlx remote modify \(name.isEmpty ? "NAME" : name) keyfile PATH'")
            }
        } else {
            privateKey = defaultKeyNames.map { home + "/.ssh/" + $0 }.first { FileManager.default.isReadableFile(atPath: $0) }
        }
        return SSHRemoteConfiguration(
            name: name, url: url, host: address.host, port: port, user: user, root: address.path, privateKey: privateKey,
            usesAgent: !(environment["SSH_AUTH_SOCK"] ?? "").isEmpty, password: options[.password].map(RedactedString.init),
            knownHosts: expand(options[.knownHosts] ?? "~/.ssh/known_hosts"))
    }

    /// `host` as `known_hosts` and `ssh-keyscan` name it: `[host]:port` unless the port is 22.
    var knownHostsName: String { port == 22 ? host : "[\(host)]:\(port)" }
}
