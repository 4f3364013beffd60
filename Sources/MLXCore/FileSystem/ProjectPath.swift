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
    ///
    /// A segment named `.git` or `.mlx` in any case is refused too: a cloned repository's pointer
    /// or lock naming `.git/hooks/post-checkout` or `.mlx/config.local` would otherwise have mlx
    /// write code git runs, or settings mlx trusts (git refuses such paths the same way, case-
    /// insensitively, because case-insensitive file systems make `.GIT` the same folder).
    public static func problem(with string: String) -> String? {
        if string.isEmpty { return "path is empty" }
        // One pass over the bytes, no allocation: manifests check every one of 100,000 relpaths.
        var length = 0
        var dots = 0
        var segment: UInt32 = 0  // the last four bytes, lower-cased, to spot `.git` and `.mlx`
        func problem() -> String? {
            if length == 0 { return "path has an empty segment" }
            if dots == length && length == 1 { return "path has a `.` segment" }
            if dots == length && length == 2 { return "path escapes its folder through `..`" }
            if length == 4, let name = reservedNames[segment] { return "path names \(name), which mlx never writes into" }
            return nil
        }
        for (index, byte) in string.utf8.enumerated() {
            switch byte {
            case 0:
                return "path contains a NUL byte"
            case UInt8(ascii: "/"):
                if index == 0 { return "path must be relative, not absolute" }
                if let found = problem() { return found }
                length = 0
                dots = 0
            default:
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
                let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                segment = segment << 8 | UInt32(lower)
            }
        }
        return problem()
    }

    /// `.git` and `.mlx` as the four bytes `problem(with:)` packs, lower-cased.
    private static let reservedNames: [UInt32: String] = [
        packed(".git"): "`.git`",
        packed(".mlx"): "`.mlx`",
    ]

    private static func packed(_ name: StaticString) -> UInt32 {
        var value: UInt32 = 0
        name.withUTF8Buffer { for byte in $0 { value = value << 8 | UInt32(byte) } }
        return value
    }

    /// The `.git` or `.mlx` segment of `real` (a resolved path inside `realRoot`), if it has one —
    /// except objects of the project's own cache, which `symlink`-type checkouts link to.
    static func reservedSegment(of real: String, under realRoot: String) -> Substring? {
        let inside = real.dropFirst(realRoot == "/" ? 1 : realRoot.utf8.count + 1)
        if inside.hasPrefix(".mlx/cache/files/") { return nil }
        return inside.split(separator: "/").first(where: { ProjectPath.isReserved(segment: $0) })
    }

    /// Whether `name` (one path segment) is `.git` or `.mlx` in any case.
    public static func isReserved(segment name: some StringProtocol) -> Bool {
        name.utf8.count == 4 && (name.lowercased() == ".git" || name.lowercased() == ".mlx")
    }



    /// The absolute location of this path under `root`, after checking on disk that no symlink
    /// along the way leads out of `root`.
    ///
    /// The longest existing prefix of the joined path is resolved with `realpath(3)` and must lie
    /// inside `realpath(root)`; parts that do not exist yet (a file about to be checked out) are
    /// fine. A final component that is itself a symlink is followed too (unless
    /// `followingFinalLink` is false: a path about to be replaced by a rename, never written
    /// through), so a tracked link to `/etc/passwd` is refused. Nothing may lead into `.git` or
    /// `.mlx` either. The returned path is `root/path`, not the resolved one, so messages show
    /// what the user typed. A link to an object of the project's cache outside it
    /// (`cacheObjects`, the real path of a shared cache's objects folder) is the project's data.
    public func resolved(under root: String, followingFinalLink: Bool = true, cacheObjects: String? = nil) throws(PathError) -> String {
        let realRoot: String
        do {
            realRoot = try Syscall.realPath(root)
        } catch {
            throw PathError(path: root, message: "project folder cannot be resolved: \(FileSystemError.describe(errno: error.code))")
        }
        let joined = (root.hasSuffix("/") ? root : root + "/") + string
        var candidate = followingFinalLink ? joined : Syscall.directoryName(of: joined)
        while true {
            let real: String
            do {
                real = try Syscall.realPath(candidate)
            } catch {
                guard error.code == Syscall.Errno.noSuchFile || error.code == Syscall.Errno.notDirectory else {
                    throw PathError(path: string, message: "path cannot be resolved: \(FileSystemError.describe(errno: error.code))")
                }
                let parent = Syscall.directoryName(of: candidate)
                if parent == candidate || candidate.utf8.count <= root.utf8.count { return joined }
                candidate = parent
                continue
            }
            if real == realRoot { return joined }
            if let cacheObjects, real.hasPrefix(cacheObjects + "/") { return joined }
            if real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") {
                if let reserved = ProjectPath.reservedSegment(of: real, under: realRoot) {
                    throw PathError(path: string, message: "path leads into `\(reserved)` through a symlink (to \(real))",
                                    hint: "remove the link; mlx never reads or writes inside .git or .mlx")
                }
                return joined
            }
            throw PathError(path: string, message: "path leads out of the project through a symlink (to \(real))",
                            hint: "track the link's target inside the project instead")
        }
    }

    static func realPath(_ path: String) -> String? {
        try? Syscall.realPath(path)
    }
}
