import Foundation
import MLXCore

/// Everything an `HTTPRemote` needs, as plain values: built from a remote's config section by
/// `resolve(…)`, or directly in tests.
public struct HTTPRemoteConfiguration: Sendable {
    /// The remote's name in messages (`storage`); may be empty.
    public var name: String
    /// The URL as configured (`webdavs://host/dav/store`), for messages; never holds a password.
    public var url: String
    /// `http(s)://host[:port]/path` that requests go to, without user information or trailing `/`.
    public var baseURL: String
    /// Whether the server speaks WebDAV (`webdav://`, `webdavs://`): listing with PROPFIND,
    /// folders with MKCOL, atomic uploads with a temporary name and MOVE. Without it the
    /// server is a plain web server: GET and HEAD, PUT (or POST) where it allows them.
    public var speaksWebDAV: Bool
    /// The login libcurl answers the server's challenge with.
    public var login: HTTPLogin?
    /// A header sent with every request: `Authorization: Bearer TOKEN`, or a custom one.
    public var authorizationHeader: (name: String, value: RedactedString)?
    public var verifiesTLS: Bool
    /// A PEM file of the certificate authorities to trust instead of the system's.
    public var certificateAuthorities: String?
    /// A transfer that moves no byte for this long fails (retryable).
    public var timeoutSeconds: Int
    /// How a plain HTTP remote uploads: `PUT` (the default) or `POST`.
    public var uploadMethod: String
    /// Folders listed at once by a WebDAV listing.
    public var listingWidth: Int

    public init(
        name: String = "", url: String, speaksWebDAV: Bool, login: HTTPLogin? = nil,
        authorizationHeader: (name: String, value: RedactedString)? = nil, verifiesTLS: Bool = true,
        certificateAuthorities: String? = nil, timeoutSeconds: Int = 60, uploadMethod: String = "PUT", listingWidth: Int = 8
    ) {
        self.name = name
        self.url = url
        self.speaksWebDAV = speaksWebDAV
        baseURL = Self.requestURL(of: url)
        self.login = login
        self.authorizationHeader = authorizationHeader
        self.verifiesTLS = verifiesTLS
        self.certificateAuthorities = certificateAuthorities
        self.timeoutSeconds = timeoutSeconds
        self.uploadMethod = uploadMethod
        self.listingWidth = max(1, listingWidth)
    }

    /// Whether `url` is one an `HTTPRemote` serves: `http`, `https`, `webdav` or `webdavs`.
    public static func handles(_ url: String) -> Bool {
        guard let scheme = url.range(of: "://").map({ url[..<$0.lowerBound].lowercased() }) else { return false }
        return ["http", "https", "webdav", "webdavs"].contains(scheme)
    }

    /// Builds the configuration of remote `name` from its URL and options (as DVC names them:
    /// `user`, `password`, `auth`, `custom_auth_header`, `token`, `ssl_verify`, `timeout`,
    /// `method`). A user in the URL (`https://alice@host/…`) is the `user` unless that is set.
    public static func resolve(name: String, url: String, options: [RemoteOption: String]) throws(RemoteConfigurationError) -> HTTPRemoteConfiguration {
        func refuse(_ message: String, hint: String? = nil) -> RemoteConfigurationError {
            RemoteConfigurationError(remote: name, message: message, hint: hint)
        }
        let scheme = url.range(of: "://").map { url[..<$0.lowerBound].lowercased() } ?? ""
        let speaksWebDAV = scheme.hasPrefix("webdav")
        let shownURL = Self.withoutUserInformation(url)
        let command = "mlx remote modify --local \(name.isEmpty ? "NAME" : name)"
        let user = options[.user] ?? Self.userInformation(of: url)
        let password = options[.password]
        let method = options[.auth]?.lowercased()

        var configuration = HTTPRemoteConfiguration(name: name, url: shownURL, speaksWebDAV: speaksWebDAV)
        if let token = options[.token] {
            configuration.authorizationHeader = ("Authorization", RedactedString("Bearer " + token))
        } else if method == "custom" || (method == nil && options[.customAuthHeader] != nil) {
            guard let header = options[.customAuthHeader], !header.isEmpty, let password else {
                throw refuse("auth custom needs custom_auth_header (the header's name) and password (its value)",
                             hint: "\(command) custom_auth_header NAME, then \(command) password VALUE")
            }
            configuration.authorizationHeader = (header, RedactedString(password))
        } else if let password {
            guard let user, !user.isEmpty else {
                throw refuse("a password is set but no user", hint: "\(command) user NAME")
            }
            configuration.login = HTTPLogin(user: user, password: password, scheme: method == "digest" ? .digest : .basic)
        } else if let method {
            throw refuse("auth \(method) needs user and password", hint: "\(command) user NAME, then \(command) password PASSWORD")
        }
        if let value = options[.sslVerify] {
            if let flag = ConfigValueParsing.bool(value) {
                configuration.verifiesTLS = flag
            } else {
                guard FileManager.default.isReadableFile(atPath: value) else {
                    throw refuse("ssl_verify '\(value)' is neither true, false nor a readable certificate file",
                                 hint: "write true, false, or the path of a PEM file of the authorities to trust")
                }
                configuration.certificateAuthorities = value
            }
        }
        if let value = options[.timeout] {
            guard let seconds = Int(value), seconds > 0 else {
                throw refuse("timeout '\(value)' is not a whole number of seconds", hint: "write it in seconds, e.g. 60")
            }
            configuration.timeoutSeconds = seconds
        }
        if let value = options[.method] {
            guard ["PUT", "POST"].contains(value.uppercased()) else {
                throw refuse("method '\(value)' is neither PUT nor POST", hint: "\(command.replacingOccurrences(of: " --local", with: "")) method PUT")
            }
            configuration.uploadMethod = value.uppercased()
        }
        return configuration
    }

    /// The http(s) URL that `url` (any of the four schemes) sends requests to.
    static func requestURL(of url: String) -> String {
        var result = withoutUserInformation(url)
        if let separator = result.range(of: "://") {
            let scheme = result[..<separator.lowerBound].lowercased()
            let secure = scheme == "https" || scheme == "webdavs"
            result = (secure ? "https" : "http") + result[separator.lowerBound...]
        }
        while result.hasSuffix("/") { result.removeLast() }
        return result
    }

    /// `url` without the `user[:password]@` of its authority.
    static func withoutUserInformation(_ url: String) -> String {
        guard let separator = url.range(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<separator.upperBound]) + rest[rest.index(after: at)...]
    }

    /// The user name of `url`'s `user[:password]@`, percent-decoded.
    static func userInformation(of url: String) -> String? {
        guard let separator = url.range(of: "://") else { return nil }
        let authority = url[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let user = authority[..<at].prefix { $0 != ":" }
        return user.isEmpty ? nil : (String(user).removingPercentEncoding ?? String(user))
    }
}
