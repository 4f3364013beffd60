import MLXCore

/// One `name = value` line of mlx's configuration and the file it came from.
public struct ConfigEntry: Sendable, Hashable {
    /// The full name with section and key in lower case, the subsection as written:
    /// `remote.Storage.url`.
    public let name: String
    /// The value as written (without quotes); empty for a key given without `=`.
    public let value: String
    /// The level of the file that set it.
    public let level: ConfigLevel
    /// The absolute path of that file.
    public let file: String

    /// Creates an entry.
    public init(name: String, value: String, level: ConfigLevel, file: String) {
        self.name = name
        self.value = value
        self.level = level
        self.file = file
    }
}

extension ConfigEntry {
    /// What `mlx config` shows in place of a secret value.
    public static let maskedValue = "***"

    /// Whether this entry holds a credential that listings must not show
    /// (``RemoteRegistry/isSecret(name:)``).
    public var isSecret: Bool { RemoteRegistry.isSecret(name: name) }

    /// The value as `mlx config` shows it without `--show-secrets`: ``maskedValue`` for a
    /// secret, else the value with the password of any URL in it masked (``URLRedaction``).
    public var displayValue: String { isSecret ? Self.maskedValue : URLRedaction.redact(value) }
}
