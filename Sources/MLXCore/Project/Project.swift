import Foundation

/// An mlx project: a folder holding `.mlx/`, usually a git work tree's root.
public struct Project: Sendable, Equatable {
    /// Absolute path of the folder that holds `.mlx/`, without a trailing slash.
    public let root: String
    /// Absolute path of the cache: `.mlx/cache`, unless `cache.dir` names another folder
    /// (which several projects may share). Every command finds objects through this one value.
    public let cacheDirectory: String
    /// Who writes into the cache (`cache.shared`).
    public let cacheSharing: CacheSharing

    /// The project at `root` with its cache in `cacheDirectory` (nil: `.mlx/cache`).
    public init(root: String, cacheDirectory: String? = nil, cacheSharing: CacheSharing = .owner) {
        self.root = root
        self.cacheDirectory = cacheDirectory.map(Project.normalized) ?? root + "/.mlx/cache"
        self.cacheSharing = cacheSharing
    }

    /// The same project with the cache its configuration names.
    public func withCache(directory: String?, sharing: CacheSharing) -> Project {
        Project(root: root, cacheDirectory: directory, cacheSharing: sharing)
    }

    public var mlxDirectory: String { root + "/.mlx" }
    /// Whether the cache lives outside this project's `.mlx` (`cache.dir`), where other
    /// projects may use it too: `gc` then needs to be told about them.
    public var hasExternalCache: Bool { cacheDirectory != mlxDirectory + "/cache" }

    /// The cache, opened (and created when missing) with the project's sharing mode.
    public func openCache(hasher: ContentHasher = .blake3()) throws(FileSystemError) -> ObjectStore {
        try ObjectStore(root: cacheDirectory, hasher: hasher, sharing: cacheSharing)
    }

    /// The run cache, which lives in the cache (`<cache>/runs`) and so is shared with it.
    public var runCache: RunCache { RunCache(cacheRoot: cacheDirectory, sharing: cacheSharing) }
    public var tmpDirectory: String { mlxDirectory + "/tmp" }
    public var configFile: String { mlxDirectory + "/config" }
    public var localConfigFile: String { mlxDirectory + "/config.local" }

    /// The project that contains `directory`: the nearest folder at or above it holding `.mlx/`.
    public static func find(from directory: String) throws(ProjectError) -> Project {
        var current = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: current + "/.mlx", isDirectory: &isDirectory), isDirectory.boolValue {
                return Project(root: current == "/" ? "" : current)
            }
            if current == "/" || current.isEmpty {
                throw ProjectError.notAProject(directory)
            }
            current = Syscall.directoryName(of: current)
        }
    }

    /// `path` with `.`, `..` and repeated or trailing slashes resolved; symlinks kept.
    static func normalized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `absolute` relative to the root (`/`-separated, no leading `./`); `""` for the root itself.
    /// Throws when the path is outside the project.
    public func relativePath(of absolute: String) throws(ProjectError) -> String {
        let normalized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if normalized == root { return "" }
        guard normalized.hasPrefix(root + "/") else { throw ProjectError.outsideProject(absolute, root: root) }
        return String(normalized.dropFirst(root.count + 1))
    }
}

/// Why a folder is not usable as an mlx project.
public enum ProjectError: ReportableError, Equatable {
    case notAProject(String)
    case outsideProject(String, root: String)
    case notInsideGit(String)

    public var message: String {
        switch self {
        case .notAProject(let directory):
            return "not an mlx project (or any parent folder): \(directory)"
        case .outsideProject(let path, let root):
            return "'\(path)' is outside the project at \(root)"
        case .notInsideGit(let directory):
            return "'\(directory)' is not inside a git work tree"
        }
    }

    public var hint: String? {
        switch self {
        case .notAProject: return "run 'mlx init' at the root of your git repository"
        case .outsideProject: return "mlx tracks only files inside the project folder"
        case .notInsideGit: return "run 'git init' first, or 'mlx init --no-scm' to use mlx without git"
        }
    }
}
