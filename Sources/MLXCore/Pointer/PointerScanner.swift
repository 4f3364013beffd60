#if canImport(Glibc)
import Glibc
#endif

/// Finds the pointer files of a project by walking its tree, without descending into `.git`,
/// `.mlx`, folders listed in `.mlxignore`, or tracked directories (a folder `x` beside an
/// `x.mlx`), so data is never walked just to look for pointers.
enum PointerScanner {
    static let suffix = ".mlx"

    /// Project-relative paths of every pointer file, sorted.
    static func scan(_ project: Project, ignore: IgnoreRules) throws(FileSystemError) -> [String] {
        var found: [String] = []
        try scan(project.root, relative: "", ignore: ignore, into: &found)
        return found.sorted { ByteOrder.precedes($0, $1) }
    }

    private static func scan(_ folder: String, relative: String, ignore: IgnoreRules, into found: inout [String]) throws(FileSystemError) {
        guard let handle = opendir(folder) else {
            if errno == EACCES { return }
            throw Syscall.fail("opendir", folder)
        }
        defer { closedir(handle) }
        var names: [(String, UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            names.append((name, entry.pointee.d_type))
        }
        let pointerNames = Set(names.lazy.map(\.0).filter { $0.hasSuffix(suffix) && $0.count > suffix.count })
        for (name, type) in names {
            let path = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = type == UInt8(DT_DIR)
            var isFile = type == UInt8(DT_REG)
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(folder + "/" + name, &info) == 0 else { continue }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                isFile = (info.st_mode & S_IFMT) == S_IFREG
            }
            if isDirectory {
                // .git at any depth: a submodule's repository holds no pointers of ours.
                if name == ".git" || (relative.isEmpty && name == ".mlx") { continue }
                if pointerNames.contains(name + suffix) { continue }
                if ignore.isIgnored(path, isDirectory: true) { continue }
                try scan(folder + "/" + name, relative: path, ignore: ignore, into: &found)
            } else if isFile && pointerNames.contains(name) && !ignore.isIgnored(path, isDirectory: false) {
                found.append(path)
            }
        }
    }
}
