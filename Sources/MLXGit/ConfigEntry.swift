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
