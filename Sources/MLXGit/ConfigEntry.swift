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
    /// Keys whose values are credentials: `mlx config` masks them and the committed `.mlx/config`
    /// refuses them. Compared with the hyphenated spelling mlx writes (`secret_access_key` is
    /// stored as `secret-access-key`).
    public static let secretKeys: Set<String> = ["secret-access-key", "session-token", "password", "token"]

    /// What `mlx config` shows in place of a secret value.
    public static let maskedValue = "***"

    /// Whether `name` (any spelling `MLXConfig` accepts) holds a credential: its last part is one
    /// of ``secretKeys``.
    public static func isSecret(name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        let key = name[name.index(after: dot)...].lowercased().replacingOccurrences(of: "_", with: "-")
        return secretKeys.contains(key)
    }

    /// Whether this entry holds a credential that listings must not show.
    public var isSecret: Bool { Self.isSecret(name: name) }

    /// The value as `mlx config` shows it without `--show-secrets`: ``maskedValue`` for a
    /// secret, else the value with the password of any URL in it masked (``URLRedaction``).
    public var displayValue: String { isSecret ? Self.maskedValue : URLRedaction.redact(value) }
}
