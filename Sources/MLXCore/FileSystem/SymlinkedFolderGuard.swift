/// Refuses to write into a tracked directory through a symlinked folder inside it.
///
/// A manifest names files like `keys/authorized_keys`; if the workspace holds `keys` as a symlink
/// (committed by someone else, perhaps listed in `.mlxignore` so no walk ever looks at it),
/// creating the file would write wherever the link leads — outside the work tree, or into `.git`.
/// Git refuses to check out beneath a symlinked leading path for the same reason. Walks never
/// follow a symlinked folder inside a tracked directory either, so refusing every such link,
/// wherever it points, matches what `mlx add` would have recorded.
struct SymlinkedFolderGuard {
    /// The tracked directory's absolute path.
    let base: String
    /// Its project-relative path, for messages.
    let dataPath: String

    /// Throws naming the first folder on the way to any of `relpaths` that is a symlink; folders
    /// that do not exist yet are fine, checkout creates them.
    func check(_ relpaths: [String]) throws(PathError) {
        var checked = Set<Substring>()
        for relpath in relpaths {
            var folder = relpath[...]
            var pending: [Substring] = []
            while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = folder[..<slash]
                if checked.contains(folder) { break }
                pending.append(folder)
            }
            // Outermost first: past a missing folder nothing below it exists either.
            for prefix in pending.reversed() {
                let facts: FileStat
                do {
                    facts = try FileStat(path: base + "/" + prefix)
                } catch {
                    if error.code == Syscall.Errno.noSuchFile || error.code == Syscall.Errno.notDirectory { break }
                    throw PathError(path: dataPath + "/" + prefix, message: "cannot be checked before writing into it: \(error.message)")
                }
                if facts.isSymlink {
                    throw PathError(path: dataPath + "/" + prefix,
                                    message: "is a symlink inside a tracked directory; mlx does not write through it",
                                    hint: "remove the link (it may lead out of the project), then run the command again")
                }
                checked.insert(prefix)
            }
        }
    }
}
