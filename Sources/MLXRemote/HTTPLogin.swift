/// A user name and password that libcurl answers an HTTP server's challenge with
/// (`CURLOPT_USERNAME`, `CURLOPT_PASSWORD`, `CURLOPT_HTTPAUTH`).
public struct HTTPLogin: Sendable, Equatable, CustomStringConvertible {
    /// How the password is sent: in the clear under TLS (basic), or as a hash of a
    /// server-given challenge (digest, which costs one extra round trip per connection).
    public enum Scheme: String, Sendable, CaseIterable {
        case basic
        case digest
    }

    public var user: String
    public var password: RedactedString
    public var scheme: Scheme

    public init(user: String, password: String, scheme: Scheme = .basic) {
        self.user = user
        self.password = RedactedString(password)
        self.scheme = scheme
    }

    public var description: String { "user \(user) (\(scheme.rawValue))" }
}
