/// What `mlx doctor` found out about this machine and project.
///
/// Encoded for `--json` with the keys `version`, `simd`, `libraries` (name → version),
/// `project` (root or null), `cache` (`{"path","objects","bytes"}` or null), `cache_type`
/// (the configured order), `link_types` (`[{"type","works","detail"}]`), `git`
/// (`{"work_tree","hooks_dir","hooks":{name: "mlx"|"foreign"|"absent"}}` or null, with
/// `git_error` saying why) and `problems`.
public struct DoctorReport: Sendable, Hashable, Encodable {
    /// The cache's location and content.
    public struct Cache: Sendable, Hashable, Encodable {
        /// Absolute path of the cache folder.
        public let path: String
        /// Number of objects.
        public let objects: Int
        /// Total size of the objects in bytes.
        public let bytes: Int64
    }

    /// Whether one link type works between the cache and the project on this file system.
    public struct LinkProbe: Sendable, Hashable, Encodable {
        /// The link type.
        public let type: CacheLinkType
        /// Whether a probe file could be linked and read back.
        public let works: Bool
        /// Why it does not work, when it does not.
        public let detail: String?

        enum CodingKeys: String, CodingKey { case type, works, detail }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type.rawValue, forKey: .type)
            try container.encode(works, forKey: .works)
            try container.encode(detail, forKey: .detail)
        }
    }

    /// What sits where mlx installs a git hook.
    public enum HookState: String, Sendable, Hashable, Encodable {
        /// A hook written by `mlx install` (it carries the `# mlx-managed hook` marker).
        case mlx
        /// Someone else's hook, which `mlx install` leaves alone.
        case foreign
        /// No hook.
        case absent
    }

    /// The git repository and its hooks.
    public struct Git: Sendable, Hashable, Encodable {
        /// The work tree's top folder.
        public let workTree: String
        /// Where git runs hooks from (`core.hooksPath` or `.git/hooks`), when it could be read.
        public let hooksDirectory: String?
        /// The state of each hook mlx installs, by hook name.
        public let hooks: [String: HookState]

        /// Whether every hook mlx installs is in place.
        public var hooksInstalled: Bool { !hooks.isEmpty && hooks.values.allSatisfy { $0 == .mlx } }

        enum CodingKeys: String, CodingKey {
            case workTree = "work_tree"
            case hooksDirectory = "hooks_dir"
            case hooks
            case hooksInstalled = "hooks_installed"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(workTree, forKey: .workTree)
            try container.encode(hooksDirectory, forKey: .hooksDirectory)
            try container.encode(hooks, forKey: .hooks)
            try container.encode(hooksInstalled, forKey: .hooksInstalled)
        }
    }

    /// mlx's version.
    public var version: String
    /// The BLAKE3 SIMD level in use.
    public var simd: String
    /// Versions of the C libraries mlx links, by name (`libgit2`, `libcurl`).
    public var libraries: [String: String]
    /// The project root, or `nil` outside a project.
    public var project: String?
    /// The cache, or `nil` outside a project.
    public var cache: Cache?
    /// The configured `cache.type` order (the default when unset).
    public var cacheType: [CacheLinkType]
    /// Which link types work here, in `CacheLinkType.allCases` order; empty outside a project.
    public var linkTypes: [LinkProbe]
    /// The git repository, or `nil` when none was found.
    public var git: Git?
    /// Why no git repository was found.
    public var gitError: String?
    /// Things that will make mlx fail here, in words a user can act on.
    public var problems: [String]

    enum CodingKeys: String, CodingKey {
        case version, simd, libraries, project, cache, git, problems
        case cacheType = "cache_type"
        case linkTypes = "link_types"
        case gitError = "git_error"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(simd, forKey: .simd)
        try container.encode(libraries, forKey: .libraries)
        try container.encode(project, forKey: .project)
        try container.encode(cache, forKey: .cache)
        try container.encode(cacheType.map(\.rawValue), forKey: .cacheType)
        try container.encode(linkTypes, forKey: .linkTypes)
        try container.encode(git, forKey: .git)
        try container.encode(gitError, forKey: .gitError)
        try container.encode(problems, forKey: .problems)
    }
}
