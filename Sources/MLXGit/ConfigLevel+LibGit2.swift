internal import CGit2

extension ConfigLevel {
    /// The libgit2 level each file is added at; only their order matters to libgit2.
    var libgit2Level: git_config_level_t {
        switch self {
        case .system: GIT_CONFIG_LEVEL_SYSTEM
        case .global: GIT_CONFIG_LEVEL_GLOBAL
        case .project: GIT_CONFIG_LEVEL_LOCAL
        case .local: GIT_CONFIG_LEVEL_APP
        }
    }

    init?(_ level: git_config_level_t) {
        guard let match = ConfigLevel.allCases.first(where: { $0.libgit2Level == level }) else { return nil }
        self = match
    }
}
