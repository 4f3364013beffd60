/// A setting of mlx's configuration outside the remote sections, by its full name.
///
/// With ``RemoteOption`` (the keys of each `[remote "NAME"]`), these are the keys mlx reads.
public enum ConfigSetting: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The remote that push, pull and fetch use when none is named.
    case defaultRemote = "core.remote"
    /// How files are placed from the cache into the work tree: link types tried in order.
    case cacheLinkTypes = "cache.type"

    public var description: String { rawValue }
}
