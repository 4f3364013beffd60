/// One of the files mlx reads its configuration from; later cases win over earlier ones.
public enum ConfigLevel: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `/etc/mlx/config`: machine-wide defaults.
    case system
    /// `$XDG_CONFIG_HOME/mlx/config`, else `~/.config/mlx/config`: the user's defaults.
    case global
    /// `.mlx/config`: committed with the project.
    case project
    /// `.mlx/config.local`: this clone only, never committed; credentials belong here.
    case local

    public var description: String { rawValue }
}
