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
        var names: [(String, Syscall.EntryKind?)] = []
        do {
            try Syscall.forEachEntry(in: folder) { entry in names.append((entry.name, entry.kind)) }
        } catch {
            if error.code == Syscall.Errno.permissionDenied { return }
            throw error
        }
        let pointerNames = Set(names.lazy.map(\.0).filter { $0.hasSuffix(suffix) && $0.count > suffix.count })
        for (name, type) in names {
            let path = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = type == .directory
            var isFile = type == .regular
            if type == nil {
                guard let info = try? Syscall.lstat(folder + "/" + name) else { continue }
                isDirectory = info.isDirectory
                isFile = info.isRegular
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
