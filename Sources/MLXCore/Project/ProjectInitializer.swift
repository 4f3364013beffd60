import Foundation

/// `mlx init`: creates `.mlx/` (config, .gitignore, cache with its CACHEDIR.TAG, tmp) and
/// `.mlxignore` at the root of the git work tree, or of a chosen folder without git.
///
/// `.mlx/` is assembled in a hidden staging folder beside it and renamed into place, so an
/// interrupted init leaves no half-made project that later commands would take for a real one.
public struct ProjectInitializer: Sendable {
    /// The root of the git work tree that contains a folder, or `nil` when none does.
    public typealias WorkTreeLocator = @Sendable (String) throws -> String?

    /// What ``initialize(from:)`` found and did.
    public struct Report: Sendable, Equatable {
        /// The project now in place.
        public let project: Project
        /// Whether `.mlx/` was there before this run.
        public let wasInitialized: Bool
        /// What was written, relative to the root, in the order written; folders end in `/`.
        public let written: [String]
    }

    /// `.mlx/.gitignore`: what stays out of git (SPEC.md §2).
    public static let gitignore = "/config.local\n/cache/\n/tmp/\n"
    /// A new `.mlx/config`: comments only.
    public static let configComment = """
        # mlx project configuration, committed with the project (git-config syntax).
        # Per-machine settings and credentials belong in .mlx/config.local:
        #   mlx config --local remote.storage.secret_access_key ...
        # See mlx-config(5).

        """
    /// Appended to a new `.mlx/config` by `--no-scm`, so other commands know not to look for git.
    public static let noSourceControlSetting = "[core]\n\tno-scm = true\n"
    /// A new `.mlxignore`: comments explaining the syntax.
    public static let mlxignore = """
        # Paths mlx never hashes or tracks, one pattern per line, in .gitignore syntax:
        #   *.tmp        files named *.tmp in any folder
        #   /scratch/    the folder scratch at the project root (a trailing / matches folders only)
        #   data/**/raw  raw at any depth under data
        #   !keep.tmp    negation: track keep.tmp after all
        # Blank lines and lines starting with # are ignored.

        """

    /// Finds the work tree; `nil` initializes the given folder itself, without git (`--no-scm`).
    public let locateWorkTree: WorkTreeLocator?
    /// Restores mlx's own files in an existing `.mlx/` (`--force`); never touches the config
    /// files or the cache's content.
    public let force: Bool

    public init(locateWorkTree: WorkTreeLocator?, force: Bool = false) {
        self.locateWorkTree = locateWorkTree
        self.force = force
    }

    /// Initializes the project for `directory`: at the root of the git work tree that contains
    /// it, or at `directory` itself without git.
    ///
    /// - Throws: ``ProjectError/notInsideGit(_:)`` outside a work tree, ``ProjectInitError``
    ///   when `.mlx` is not a folder or something cannot be written, and whatever the locator
    ///   throws (a bare repository, one owned by another user).
    @discardableResult
    public func initialize(from directory: String) throws -> Report {
        let project = Project(root: try root(for: directory))
        let existed = try Self.hasMLXFolder(project)
        var written: [String]
        if existed {
            guard force else { return Report(project: project, wasInitialized: true, written: []) }
            written = try Self.repair(project, noSourceControl: locateWorkTree == nil)
        } else {
            written = try Self.createMLXFolder(of: project, noSourceControl: locateWorkTree == nil)
        }
        if try Self.create(Array(Self.mlxignore.utf8), at: project.root + "/.mlxignore", replacing: false) {
            written.append(".mlxignore")
        }
        return Report(project: project, wasInitialized: existed, written: written)
    }

    private func root(for directory: String) throws -> String {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProjectInitError.noSuchFolder(absolute)
        }
        guard let locateWorkTree else {
            return URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        }
        guard let root = try locateWorkTree(absolute) else { throw ProjectError.notInsideGit(absolute) }
        return root
    }

    /// Whether `.mlx` is there; it must be a folder (or a symbolic link to one).
    private static func hasMLXFolder(_ project: Project) throws -> Bool {
        do {
            _ = try Syscall.lstat(project.mlxDirectory)
        } catch {
            if error.code == Syscall.Errno.noSuchFile { return false }
            throw ProjectInitError.cannotWrite(project.mlxDirectory, FileSystemError.describe(errno: error.code))
        }
        guard Syscall.isDirectory(project.mlxDirectory) else {
            throw ProjectInitError.notAFolder(project.mlxDirectory)
        }
        return true
    }

    /// Builds `.mlx/` in a staging folder and renames it into place. Returns what was written,
    /// or nothing when a concurrent init put its own `.mlx/` there first.
    private static func createMLXFolder(of project: Project, noSourceControl: Bool) throws -> [String] {
        let staging = project.root + "/.mlx.init-\(Syscall.processID)-\(UInt32.random(in: 0...UInt32.max))"
        try makeFolder(staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let config = configComment + (noSourceControl ? noSourceControlSetting : "")
        try create(Array(config.utf8), at: staging + "/config", replacing: true)
        try create(Array(gitignore.utf8), at: staging + "/.gitignore", replacing: true)
        try makeFolder(staging + "/cache")
        try create(Array(ObjectStore.cacheDirectoryTag.utf8), at: staging + "/cache/CACHEDIR.TAG", replacing: true)
        try makeFolder(staging + "/tmp")
        do {
            try Syscall.rename(staging, project.mlxDirectory)
        } catch {
            if error.code == Syscall.Errno.notEmpty || error.code == Syscall.Errno.fileExists { return [] }
            throw ProjectInitError.cannotWrite(project.mlxDirectory, FileSystemError.describe(errno: error.code))
        }
        do {
            try Syscall.fsyncDirectory(project.root)
        } catch {
            throw ProjectInitError.cannotWrite(project.root, error.message)
        }
        return [".mlx/config", ".mlx/.gitignore", ".mlx/cache/CACHEDIR.TAG", ".mlx/tmp/"]
    }

    /// `--force` on an existing project: recreate missing folders and config, and put back
    /// `.gitignore` and `CACHEDIR.TAG` where they differ from what mlx writes.
    private static func repair(_ project: Project, noSourceControl: Bool) throws -> [String] {
        var written: [String] = []
        let config = configComment + (noSourceControl ? noSourceControlSetting : "")
        if try create(Array(config.utf8), at: project.configFile, replacing: false) {
            written.append(".mlx/config")
        }
        if try makeFolder(project.cacheDirectory) { written.append(".mlx/cache/") }
        if try makeFolder(project.tmpDirectory) { written.append(".mlx/tmp/") }
        let wanted = [(".mlx/.gitignore", gitignore), (".mlx/cache/CACHEDIR.TAG", ObjectStore.cacheDirectoryTag)]
        for (relative, contents) in wanted {
            let path = project.root + "/" + relative
            if FileManager.default.contents(atPath: path) != Data(contents.utf8) {
                try create(Array(contents.utf8), at: path, replacing: true)
                written.append(relative)
            }
        }
        return written
    }

    @discardableResult
    private static func create(_ bytes: [UInt8], at path: String, replacing: Bool) throws -> Bool {
        do {
            if replacing {
                try AtomicFile.write(bytes, to: path)
                return true
            }
            return try AtomicFile.create(bytes, at: path)
        } catch {
            throw ProjectInitError.cannotWrite(path, error.message)
        }
    }

    @discardableResult
    private static func makeFolder(_ path: String) throws -> Bool {
        do {
            try Syscall.makeDirectory(path)
        } catch {
            let code = error.code
            if code == Syscall.Errno.fileExists && Syscall.isDirectory(path) { return false }
            if code == Syscall.Errno.fileExists || code == Syscall.Errno.notDirectory { throw ProjectInitError.notAFolder(path) }
            throw ProjectInitError.cannotWrite(path, FileSystemError.describe(errno: code))
        }
        do {
            try Syscall.fsyncDirectory(Syscall.directoryName(of: path))
        } catch {
            throw ProjectInitError.cannotWrite(path, error.message)
        }
        return true
    }
}
