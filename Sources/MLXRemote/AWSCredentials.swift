/// An AWS access key pair, optionally with a session token, and where it was found.
///
/// The secret and the token live in `RedactedString`s, so printing, interpolating or `dump`ing
/// credentials (or anything that holds them) never shows them.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: RedactedString
    public var sessionToken: RedactedString?
    /// Where the keys came from, for `-v` output: `remote config`, `environment`, `profile 'x' in ~/.aws/credentials`.
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "explicit") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = RedactedString(secretAccessKey)
        self.sessionToken = sessionToken.map(RedactedString.init)
        self.source = source
    }

    public var description: String {
        "access key \(accessKeyID) from \(source)" + (sessionToken == nil ? "" : " with a session token")
    }

    public var debugDescription: String { "AWSCredentials(\(description))" }
}

/// A string that is never shown: `description`, `debugDescription` and its mirror all say
/// `<redacted>`. Read the value through `revealed`, only where it is actually needed (signing).
public struct RedactedString: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let revealed: String

    public init(_ value: String) { revealed = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
