#if canImport(Glibc)
import Glibc
#endif

/// A path relative to a folder of the project that cannot escape it by its spelling.
///
/// Valid paths use `/` separators and have no empty, `.` or `..` segment, no leading `/` and no
/// NUL byte — the rule SPEC §3 sets for pointer `path`s and manifest `relpath`s. A valid spelling
/// can still leave the project through a symlink; `resolved(under:)` checks that on disk.
public struct ProjectPath: Hashable, Sendable, CustomStringConvertible {
    /// The validated path, `/`-separated.
    public let string: String

    /// Validates `string`, throwing a `PathError` that names it when it breaks the rule.
    public init(validating string: String) throws(PathError) {
        if let problem = ProjectPath.problem(with: string) {
            throw PathError(path: string, message: problem,
                            hint: "paths must be relative, use `/`, and stay inside the project")
        }
        self.string = string
    }

    /// The `/`-separated segments.
    public var components: [Substring] { string.split(separator: "/") }

    /// The path.
    public var description: String { string }

    /// This path followed by `other`.
    public func appending(_ other: ProjectPath) -> ProjectPath {
        ProjectPath(unchecked: string + "/" + other.string)
    }

    /// The folder part, or `nil` for a single-segment path.
    public var parent: ProjectPath? {
        guard let slash = string.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return ProjectPath(unchecked: String(string[..<slash]))
    }

    init(unchecked string: String) { self.string = string }

    /// Why `string` is not a valid project path, or `nil` when it is.
    public static func problem(with string: String) -> String? {
        if string.isEmpty { return "path is empty" }
        // One pass over the bytes, no allocation: manifests check every one of 100,000 relpaths.
        func problem(ofSegment length: Int, dots: Int) -> String? {
            if length == 0 { return "path has an empty segment" }
            if dots == length && length == 1 { return "path has a `.` segment" }
            if dots == length && length == 2 { return "path escapes its folder through `..`" }
            return nil
        }
        var length = 0
        var dots = 0
        for (index, byte) in string.utf8.enumerated() {
            switch byte {
            case 0:
                return "path contains a NUL byte"
            case UInt8(ascii: "/"):
                if index == 0 { return "path must be relative, not absolute" }
                if let found = problem(ofSegment: length, dots: dots) { return found }
                length = 0
                dots = 0
            default:
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return problem(ofSegment: length, dots: dots)
    }



    /// The absolute location of this path under `root`, after checking on disk that no symlink
    /// along the way leads out of `root`.
    ///
    /// The longest existing prefix of the joined path is resolved with `realpath(3)` and must lie
    /// inside `realpath(root)`; parts that do not exist yet (a file about to be checked out) are
    /// fine. A final component that is itself a symlink is followed too, so a tracked link to
    /// `/etc/passwd` is refused. The returned path is `root/path`, not the resolved one, so
    /// messages show what the user typed.
    public func resolved(under root: String) throws(PathError) -> String {
        guard let realRoot = ProjectPath.realPath(root) else {
            throw PathError(path: root, message: "project folder cannot be resolved: \(FileSystemError.describe(errno: errno))")
        }
        let joined = (root.hasSuffix("/") ? root : root + "/") + string
        var candidate = joined
        while true {
            if let real = ProjectPath.realPath(candidate) {
                if real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") { return joined }
                throw PathError(path: string, message: "path leads out of the project through a symlink (to \(real))",
                                hint: "track the link's target inside the project instead")
            }
            let failure = errno
            guard failure == ENOENT || failure == ENOTDIR else {
                throw PathError(path: string, message: "path cannot be resolved: \(FileSystemError.describe(errno: failure))")
            }
            let parent = Syscall.directoryName(of: candidate)
            if parent == candidate || candidate.utf8.count <= root.utf8.count { return joined }
            candidate = parent
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
