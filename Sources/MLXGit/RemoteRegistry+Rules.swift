import MLXCore

extension RemoteRegistry {
    /// Keys whose values are credentials: the secret keys of ``ConfigSchema``, plus `password`
    /// and `token`, which SSH and HTTP remotes will read, so that a hand-set one is already
    /// never shown. Hyphenated, as files hold them.
    static let secretKeys: Set<String> = Set(ConfigSchema.keys.filter(\.isSecret).compactMap { $0.name.split(separator: ".").last.map(String.init) })
        .union(["password", "token"])

    /// Whether the config name `name`, in any spelling `MLXConfig` accepts, holds a credential:
    /// its last part is a secret key. Such values are masked unless asked for, refused in the
    /// committed `.mlx/config`, and kept by `mlx remote` in `.mlx/config.local` only.
    public static func isSecret(name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return secretKeys.contains(MLXConfig.canonicalKey(name[name.index(after: dot)...]))
    }

    /// Refuses a name that cannot be the subsection of `[remote "NAME"]` or that would read as
    /// an option: empty, holding `"`, `\` or a line break, or starting with `-`.
    ///
    /// - Throws: ``ConfigError`` `.invalidName`.
    public static func checkName(_ name: String) throws(ConfigError) {
        if name.isEmpty || name.contains("\"") || name.contains("\n") || name.contains("\\") || name.hasPrefix("-") {
            throw ConfigError(.invalidName, "invalid remote name '\(name)'", name: name)
        }
    }

    /// The option `spelling` names, in any case and with `_` or `-` between words
    /// (`secret_access_key`, `Secret-Access-Key`).
    ///
    /// - Throws: ``ConfigError`` `.invalidName` listing the known options.
    public static func option(named spelling: String) throws(ConfigError) -> RemoteOption {
        let key = MLXConfig.canonicalKey(spelling)
        guard let option = RemoteOption(rawValue: dvcSpellings[key] ?? key) else {
            let known = RemoteOption.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigError(.invalidName, "unknown remote option '\(spelling)'; one of: \(known)", name: spelling)
        }
        return option
    }

    /// Option names as DVC spells them where mlx's differ, so `remote modify NAME endpointurl
    /// URL` works as a DVC user types it; the option is stored under mlx's name.
    static let dvcSpellings = ["endpointurl": RemoteOption.endpoint.rawValue, "endpoint-url": RemoteOption.endpoint.rawValue]

    /// Refuses to store a secret option anywhere but `.mlx/config.local`: git ignores it, and
    /// mlx keeps it owner-only. `spelling` is how the message names the option.
    ///
    /// - Throws: ``ConfigError`` `.secretOutsideLocalFile`.
    public static func checkLevel(_ level: ConfigLevel, canHold option: RemoteOption, spelled spelling: String) throws(ConfigError) {
        if option.isSecret && level != .local {
            throw ConfigError(.secretOutsideLocalFile,
                              "\(spelling) is a secret: store it with --local (.mlx/config.local, which git ignores)",
                              name: option.rawValue)
        }
    }
}
