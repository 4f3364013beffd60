import MLXCore

/// The remotes of mlx's configuration: the `[remote "NAME"]` sections and `core.remote`.
///
/// The one owner of what a remote's settings may be: the rules on names, option spellings and
/// secrets (``RemoteRegistry/checkName(_:)``, ``RemoteRegistry/option(named:)``,
/// ``RemoteRegistry/isSecret(name:)``), the defaults of the typed view (``settings(of:)``),
/// and that removing a remote also unsets `core.remote` where it named it. Commands parse
/// arguments and render what it returns.
public struct RemoteRegistry: Sendable {
    /// A remote as `mlx remote list` shows it.
    public struct Entry: Sendable, Equatable {
        /// The name of its `[remote "NAME"]` section.
        public let name: String
        /// Its URL as written, which may hold a password: redact it to show it.
        public let url: String
        /// Whether `core.remote` names it.
        public let isDefault: Bool
    }

    /// The section each remote is a subsection of.
    static let section = "remote"

    /// The files the remotes are read from and written to.
    public let config: MLXConfig

    /// The registry of the remotes in `config`.
    public init(config: MLXConfig) {
        self.config = config
    }

    /// The full config name of `option` of the remote `name`: `remote.NAME.endpoint`.
    static func key(_ option: RemoteOption, of name: String) -> String {
        "\(section).\(name).\(option.rawValue)"
    }

    /// The remote `core.remote` names, if any.
    public func defaultName() throws -> String? {
        try config.string(.defaultRemote)
    }

    /// The URL of the remote `name`, or `nil` when no file sets one.
    public func url(of name: String) throws -> String? {
        try config.string(Self.key(.url, of: name))
    }

    /// Every remote that has a URL, in order of first appearance, lowest level first.
    public func entries() throws -> [Entry] {
        let defaultName = try defaultName()
        return try config.subsections(of: Self.section).compactMap { name in
            try url(of: name).map { Entry(name: name, url: $0, isDefault: name == defaultName) }
        }
    }

    /// The levels whose files hold any key of the remote `name`, lowest first.
    public func levels(of name: String) throws -> [ConfigLevel] {
        let prefix = "\(Self.section).\(name)."
        var levels: [ConfigLevel] = []
        for entry in try config.list() where entry.name.hasPrefix(prefix) && !levels.contains(entry.level) {
            levels.append(entry.level)
        }
        return levels
    }

    /// The settings of the remote `name`, else of the default remote, with the defaults of
    /// what is not set: what opening a remote and its transfer queue needs.
    ///
    /// - Throws: ``RemoteConfigurationError`` when no remote is named and none is the
    ///   default, or when the remote has no URL; ``ConfigError`` `.invalidValue` at its
    ///   `file:line` when the schema refuses one of the remote's values (`jobs = 0`).
    public func settings(of name: String?) throws -> RemoteSettings {
        guard let chosen = try name ?? defaultName() else {
            let known = try config.subsections(of: Self.section)
            throw RemoteConfigurationError(
                remote: "", message: known.isEmpty ? "no remote is configured" : "no default remote is set",
                hint: known.isEmpty ? "add one: 'mlx remote add -d storage /path/to/store'"
                                    : "pass -r NAME (one of: \(known.joined(separator: ", "))), or 'mlx remote default NAME'")
        }
        guard let url = try config.checkedString(Self.key(.url, of: chosen)) else {
            throw RemoteConfigurationError(remote: chosen, message: "no such remote (\(Self.key(.url, of: chosen)) is not set)",
                                           hint: "'mlx remote list' shows the remotes; 'mlx remote add \(chosen) URL' adds it")
        }
        var options: [RemoteOption: String] = [:]
        for option in RemoteOption.adapterOptions {
            if let value = try config.checkedString(Self.key(option, of: chosen)) { options[option] = value }
        }
        let jobs = try config.checkedString(Self.key(.jobs, of: chosen)).flatMap(ConfigValueType.integer)
        let retries = try config.checkedString(Self.key(.retries, of: chosen)).flatMap(ConfigValueType.integer)
        return RemoteSettings(name: chosen, url: url, options: options, jobs: jobs, retries: retries ?? RemoteSettings.defaultRetries)
    }

    /// Adds the remote `name` at `level`, and makes it the default there when `asDefault`.
    ///
    /// - Parameters:
    ///   - replacing: replace a remote of that name at `level` (one at other levels stays,
    ///     shadowed or shadowing); without it, a name any level uses is refused.
    ///   - checkURL: refuses a URL that cannot be a remote; called before anything is written.
    /// - Throws: ``RemoteConfigurationError`` when the name is taken, whatever `checkURL`
    ///   throws, and ``ConfigError`` for an invalid name or a file that cannot be written.
    public func add(
        _ name: String, url: String, level: ConfigLevel, asDefault: Bool, replacing: Bool,
        checkingURL checkURL: (String) throws -> Void
    ) throws {
        try Self.checkName(name)
        let existing = try levels(of: name)
        if !existing.isEmpty && !replacing {
            let files = existing.map { config.file(for: $0) ?? "\($0)" }.joined(separator: ", ")
            throw RemoteConfigurationError(remote: name, message: "already exists (in \(files))",
                                           hint: "'mlx remote add -f' replaces it; 'mlx remote modify \(name) url URL' changes its URL")
        }
        try checkURL(url)
        if existing.contains(level) {
            try config.removeSection(Self.section, subsection: name, level: level)
        }
        try config.set(Self.key(.url, of: name), url, level: level)
        if asDefault { try config.set(ConfigSetting.defaultRemote.rawValue, name, level: level) }
    }

    /// Sets `option` of the existing remote `name` to `value` at `level`, or removes it there
    /// when `value` is `nil`.
    ///
    /// - Parameter checkURL: refuses a new URL that cannot be a remote, before it is written.
    /// - Throws: ``RemoteConfigurationError`` when no level has the remote; ``ConfigError``
    ///   `.secretOutsideLocalFile` for a secret anywhere but `.local`, and `.notFound` when
    ///   removing an option the file of `level` does not set.
    public func set(
        _ option: RemoteOption, of name: String, to value: String?, level: ConfigLevel,
        checkingURL checkURL: (String) throws -> Void
    ) throws {
        if value != nil { try Self.checkLevel(level, canHold: option, spelled: option.rawValue) }
        guard try !levels(of: name).isEmpty else {
            throw RemoteConfigurationError(remote: name, message: "no such remote", hint: "'mlx remote list' shows the remotes")
        }
        let key = Self.key(option, of: name)
        guard let value else { return try config.unset(key, level: level) }
        if option == .url { try checkURL(value) }
        try config.set(key, value, level: level)
    }

    /// Removes the remote `name` from every file that defines it but the system's, which mlx
    /// never writes, and unsets `core.remote` in each such file where it names the remote.
    ///
    /// - Throws: ``RemoteConfigurationError`` when no level has the remote.
    public func remove(_ name: String) throws {
        let levels = try levels(of: name)
        guard !levels.isEmpty else {
            throw RemoteConfigurationError(remote: name, message: "no such remote", hint: "'mlx remote list' shows the remotes")
        }
        for level in levels where level != .system {
            try config.removeSection(Self.section, subsection: name, level: level)
        }
        let defaultRemote = ConfigSetting.defaultRemote.rawValue
        for entry in try config.list() where entry.name == defaultRemote && entry.value == name && entry.level != .system {
            try config.unset(defaultRemote, level: entry.level)
        }
    }

    /// Makes the remote `name` the default at `level`.
    ///
    /// - Throws: ``RemoteConfigurationError`` when the remote has no URL.
    public func setDefault(_ name: String, level: ConfigLevel) throws {
        guard try url(of: name) != nil else {
            throw RemoteConfigurationError(remote: name, message: "no such remote", hint: "'mlx remote add \(name) URL' adds it")
        }
        try config.set(ConfigSetting.defaultRemote.rawValue, name, level: level)
    }

    /// Removes the default remote from the file of `level`.
    ///
    /// - Throws: ``ConfigError`` `.notFound` when that file sets none.
    public func unsetDefault(level: ConfigLevel) throws {
        try config.unset(ConfigSetting.defaultRemote.rawValue, level: level)
    }
}
