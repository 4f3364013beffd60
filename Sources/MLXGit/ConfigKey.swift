import MLXCore

/// One key of mlx's configuration as ``ConfigSchema`` describes it.
public struct ConfigKey: Sendable, Equatable {
    /// The name as the man page writes it: `cache.type`, or `remote.NAME.url` for each remote.
    public let name: String
    /// What the key accepts.
    public let type: ConfigValueType
    /// Whether the value is a credential: masked in output, refused in the committed `.mlx/config`.
    public let isSecret: Bool

    /// A key `setting` names.
    init(_ setting: ConfigSetting) {
        name = setting.rawValue
        type = setting.valueType
        isSecret = false
    }

    /// The key of `option` in every `[remote "NAME"]` section.
    init(_ option: RemoteOption) {
        name = "\(RemoteRegistry.section).NAME.\(option.rawValue)"
        type = option.valueType
        isSecret = option.isSecret
    }
}
