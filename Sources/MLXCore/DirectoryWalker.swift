#if canImport(Glibc)
import Glibc
#endif

/// A regular file found under a tracked directory.
public struct WalkedFile: Sendable {
    /// Path inside the walked directory, `/`-separated.
    public let relpath: String
    /// Absolute path.
    public let path: String
    /// `lstat` facts, or those of the link's target for a followed symlink.
    public let stat: FileStat
}

/// Lists the files of a directory tree with `readdir` and `fstatat` (no Foundation on this hot
/// path: `status` walks it for every tracked directory).
///
/// Symlinks follow the manifest's rule (see `Manifest`): a link to a file inside the project is
/// recorded as that file's content; a link that dangles, leads out of the project or points to a
/// folder is refused. Empty folders inside a tracked directory are not recorded (as in git and DVC).
enum DirectoryWalker {
    /// The files under `directory` (absolute), sorted by relpath in byte order.
    /// - Parameters:
    ///   - projectRoot: links must resolve inside it.
    ///   - ignorePrefix: `directory` relative to the project root, to ask `ignore` about paths.
    static func files(
        under directory: String, projectRoot: String, ignorePrefix: String, ignore: IgnoreRules
    ) throws(FileSystemError) -> [WalkedFile] {
        var result: [WalkedFile] = []
        try walk(directory, relative: "", projectRoot: projectRoot, ignorePrefix: ignorePrefix, ignore: ignore, into: &result)
        return result
    }

    private static func walk(
        _ folder: String, relative: String, projectRoot: String, ignorePrefix: String, ignore: IgnoreRules,
        into result: inout [WalkedFile]
    ) throws(FileSystemError) {
        var entries: [(sortKey: String, name: String, facts: FileStat)] = []
        do {
            guard let handle = opendir(folder) else { throw Syscall.fail("opendir", folder) }
            defer { closedir(handle) }
            let descriptor = dirfd(handle)
            while true {
                errno = 0
                guard let entry = readdir(handle) else {
                    if errno != 0 { throw Syscall.fail("readdir", folder) }
                    break
                }
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                // A temporary of a checkout that was killed mid-way: never data.
                if name.hasPrefix(AtomicFile.temporaryPrefix) { continue }
                var info = stat()
                guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                    throw Syscall.fail("lstat", folder + "/" + name)
                }
                let facts = FileStat(info)
                entries.append((facts.isDirectory ? name + "/" : name, name, facts))
            }
        }
        // A folder sorts as `name/`: then visiting each folder's entries in byte order yields
        // every relpath in byte order (`a.txt` before `a/b`), with no sort of the whole tree.
        // Indices, not the entries, are sorted: moving strings around is what sorting cost.
        let order = entries.indices.sorted { ByteOrder.precedes(entries[$0].sortKey, entries[$1].sortKey) }
        for position in order {
            let name = entries[position].name
            let lstatFacts = entries[position].facts
            let relpath = relative.isEmpty ? name : relative + "/" + name
            let path = folder + "/" + name
            let projectRelative = ignorePrefix.isEmpty ? relpath : ignorePrefix + "/" + relpath
            // Ignore rules apply before a link is followed or a special file refused, so listing
            // such an entry in .mlxignore is always a way out.
            if ignore.isIgnored(projectRelative, isDirectory: lstatFacts.isDirectory) { continue }
            var facts = lstatFacts
            if facts.isSymlink {
                facts = try followLink(path, projectRoot: projectRoot)
            }
            if facts.isDirectory {
                try walk(path, relative: relpath, projectRoot: projectRoot, ignorePrefix: ignorePrefix, ignore: ignore, into: &result)
            } else if facts.isRegular {
                result.append(WalkedFile(relpath: relpath, path: path, stat: facts))
            } else {
                throw FileSystemError(path: path, operation: "add", code: EINVAL,
                                      message: "is not a regular file, folder or symlink (a socket, fifo or device)",
                                      hint: "remove it or list it in .mlxignore")
            }
        }
    }

    private static func followLink(_ path: String, projectRoot: String) throws(FileSystemError) -> FileStat {
        guard let real = ProjectPath.realPath(path) else {
            throw FileSystemError(path: path, operation: "readlink", code: errno, message: "is a symlink that dangles",
                                  hint: "fix or remove the link, or list it in .mlxignore")
        }
        guard real.hasPrefix(projectRoot + "/") else {
            throw FileSystemError(path: path, operation: "readlink", code: EXDEV,
                                  message: "is a symlink that leads out of the project (to \(real))",
                                  hint: "copy the target into the project, or list the link in .mlxignore")
        }
        let target = try FileStat.following(path)
        if target.isDirectory {
            throw FileSystemError(path: path, operation: "readlink", code: EISDIR,
                                  message: "is a symlink to a folder, which mlx does not follow inside a tracked directory",
                                  hint: "track the folder itself, or list the link in .mlxignore")
        }
        return target
    }
}
