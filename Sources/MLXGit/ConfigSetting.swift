import MLXCore

/// A setting of mlx's configuration outside the remote sections, by its full name.
///
/// With ``RemoteOption`` (the keys of each `[remote "NAME"]`), these are the keys mlx reads;
/// ``ConfigSchema`` refuses any other.
public enum ConfigSetting: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The remote that push, pull and fetch use when none is named.
    case defaultRemote = "core.remote"
    /// Written by `mlx init --no-scm`: the project lives outside git.
    case noSourceControl = "core.no-scm"
    /// How files are placed from the cache into the work tree: link types tried in order.
    case cacheLinkTypes = "cache.type"
    /// The cache folder, when not `.mlx/cache`: absolute, or relative to the folder of the
    /// configuration file that sets it.
    case cacheDirectory = "cache.dir"
    /// `group`: the cache is written by several users of one group.
    case cacheShared = "cache.shared"

    /// What the setting accepts: the schema's entry for it.
    public var valueType: ConfigValueType {
        switch self {
        case .defaultRemote: .remoteName
        case .noSourceControl: .boolean
        case .cacheLinkTypes: .list(allowed: CacheLinkType.allCases.map(\.rawValue))
        case .cacheDirectory: .folderPath
        case .cacheShared: .choice(allowed: [CacheSharing.group.rawValue])
        }
    }

    public var description: String { rawValue }
}
