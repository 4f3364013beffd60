import Synchronization

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
    ///   - width: how many top-level entries to walk at once. `lstat` and `getdents` dominate
    ///     a walk, and the kernel serves them in parallel (git's preloaded index does the same).
    static func files(
        under directory: String, projectRoot: String, ignorePrefix: String, ignore: IgnoreRules, width: Int = 1
    ) throws(FileSystemError) -> [WalkedFile] {
        try walk(directory, projectRoot: projectRoot, ignorePrefix: ignorePrefix, ignore: ignore, width: width).files
    }

    /// The files under `directory` with the folders listed on the way (see `files(under:…)`).
    /// `cacheObjects` is the real path of an objects folder outside the project (a shared
    /// cache's `files/`), into which `symlink`-type checkouts link: links there are followed.
    static func walk(
        _ directory: String, projectRoot: String, ignorePrefix: String, ignore: IgnoreRules, width: Int = 1,
        cacheObjects: String? = nil
    ) throws(FileSystemError) -> WalkedTree {
        // A folder's facts are taken before it is listed: an entry created after the listing
        // then shows as a later mtime, never as facts that match a stale listing.
        let rootFacts = try FileStat.following(directory)
        let entries = try sortedEntries(of: directory)
        let slices = Mutex<[Int: WalkedTree]>([:])
        let failures = BoundedParallel.forEach(entries.count, width: width) { index in
            var found = WalkedTree()
            try visit(entries[index], in: directory, relative: "", projectRoot: projectRoot, cacheObjects: cacheObjects,
                      ignorePrefix: ignorePrefix, ignore: ignore, into: &found)
            slices.withLock { $0[index] = found }
        }
        if let first = failures.keys.min(), let error = failures[first] {
            throw error as? FileSystemError ?? FileSystemError(path: directory, operation: "walk", code: Syscall.Errno.ioError, message: "\(error)")
        }
        return slices.withLock { slices in
            // Sized once, and each slice dropped as it is taken: growing the array by doubling
            // while every slice was still held made a walk of a million files peak at three
            // times its result.
            var tree = WalkedTree()
            tree.folders = [WalkedTree.Folder(relpath: "", stat: rootFacts)]
            tree.files.reserveCapacity(slices.values.reduce(0) { $0 + $1.files.count })
            tree.folders.reserveCapacity(1 + slices.values.reduce(0) { $0 + $1.folders.count })
            for index in 0..<entries.count {
                guard let slice = slices.removeValue(forKey: index) else { continue }
                tree.files += slice.files
                tree.folders += slice.folders
                tree.followedLinks = tree.followedLinks || slice.followedLinks
            }
            return tree
        }
    }

    /// One folder entry with its `lstat` facts.
    struct Entry: Sendable {
        let name: String
        let facts: FileStat
    }

    /// The entries of `folder`, sorted so that walking them depth-first yields relpaths in
    /// byte order: a folder sorts as `name/` (`a.txt` before `a/b`), so the whole tree is never
    /// sorted. Temporaries of a checkout killed mid-way are never data and are left out.
    private static func sortedEntries(of folder: String) throws(FileSystemError) -> [Entry] {
        var entries: [Entry] = []
        var sortKeys: [String] = []
        try Syscall.forEachEntry(in: folder) { entry throws(FileSystemError) in
            if entry.name.hasPrefix(AtomicFile.temporaryPrefix) { return }
            let facts = try entry.lstat()
            entries.append(Entry(name: entry.name, facts: facts))
            sortKeys.append(facts.isDirectory ? entry.name + "/" : entry.name)
        }
        if entries.contains(where: { !$0.name.utf8.allSatisfy { $0 < 0x80 } }) {
            try refuseNormalizationTwins(entries.map(\.name), in: folder)
        }
        // Indices, not the entries, are sorted: moving strings around is what sorting cost.
        return sortKeys.indices.sorted { ByteOrder.precedes(sortKeys[$0], sortKeys[$1]) }.map { entries[$0] }
    }

    /// Marks the errors `refuseNormalizationTwins` throws, so checkout can recognise them.
    static let normalizationTwinsOperation = "tell names apart"

    /// Throws when two names of one folder are the same text in different Unicode normalizations
    /// (`café` as NFC and as NFD): Linux keeps both, but macOS, git on it, and every Swift string
    /// comparison take them for one name, so a manifest holding both could not be checked out
    /// faithfully. Only folders with a non-ASCII name pay for the check.
    private static func refuseNormalizationTwins(_ names: [String], in folder: String) throws(FileSystemError) {
        var seen: [String: String] = [:]  // String keys compare by canonical equivalence
        for name in names {
            if let other = seen[name], !other.utf8.elementsEqual(name.utf8) {
                // Both look alike on a terminal; their bytes tell them apart.
                let forms = [other, name].map { "`\($0)` (\(escapedBytes($0)))" }
                throw FileSystemError(path: folder + "/" + name, operation: normalizationTwinsOperation, code: Syscall.Errno.illegalByteSequence,
                                      message: "two names in this folder differ only in Unicode normalization: \(forms.joined(separator: " and "))",
                                      hint: "rename or remove one of them")
            }
            seen[name] = name
        }
    }

    /// `name` with its non-ASCII bytes written `\xNN`.
    private static func escapedBytes(_ name: String) -> String {
        name.utf8.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
    }

    private static func visit(
        _ entry: Entry, in folder: String, relative: String, projectRoot: String, cacheObjects: String?, ignorePrefix: String,
        ignore: IgnoreRules, into result: inout WalkedTree
    ) throws(FileSystemError) {
        let relpath = relative.isEmpty ? entry.name : relative + "/" + entry.name
        let path = folder + "/" + entry.name
        let projectRelative = ignorePrefix.isEmpty ? relpath : ignorePrefix + "/" + relpath
        // Ignore rules apply before a link is followed or a special file refused, so listing
        // such an entry in .mlxignore is always a way out.
        if ignore.isIgnored(projectRelative, isDirectory: entry.facts.isDirectory) { return }
        // A nested repository's `.git` (or a stray `.mlx`) is never data, as for git and DVC, and a
        // manifest naming one would be refused on the way back (SPEC §3).
        if ProjectPath.isReserved(segment: entry.name) { return }
        let facts = entry.facts.isSymlink ? try followLink(path, projectRoot: projectRoot, cacheObjects: cacheObjects) : entry.facts
        if entry.facts.isSymlink { result.followedLinks = true }
        if facts.isDirectory {
            result.folders.append(WalkedTree.Folder(relpath: relpath, stat: facts))
            for child in try sortedEntries(of: path) {
                try visit(child, in: path, relative: relpath, projectRoot: projectRoot, cacheObjects: cacheObjects, ignorePrefix: ignorePrefix,
                          ignore: ignore, into: &result)
            }
        } else if facts.isRegular {
            result.files.append(WalkedFile(relpath: relpath, path: path, stat: facts))
        } else {
            throw FileSystemError(path: path, operation: "add", code: Syscall.Errno.invalidArgument,
                                  message: "is not a regular file, folder or symlink (a socket, fifo or device)",
                                  hint: "remove it or list it in .mlxignore")
        }
    }

    private static func followLink(_ path: String, projectRoot: String, cacheObjects: String?) throws(FileSystemError) -> FileStat {
        let real: String
        do {
            real = try Syscall.realPath(path)
        } catch {
            throw FileSystemError(path: path, operation: "readlink", code: error.code, message: "is a symlink that dangles",
                                  hint: "fix or remove the link, or list it in .mlxignore")
        }
        let intoSharedCache = cacheObjects.map { real.hasPrefix($0 + "/") } ?? false
        guard real.hasPrefix(projectRoot + "/") || intoSharedCache else {
            throw FileSystemError(path: path, operation: "readlink", code: Syscall.Errno.crossDevice,
                                  message: "is a symlink that leads out of the project (to \(real))",
                                  hint: "copy the target into the project, or list the link in .mlxignore")
        }
        if !intoSharedCache, let reserved = ProjectPath.reservedSegment(of: real, under: projectRoot) {
            throw FileSystemError(path: path, operation: "readlink", code: Syscall.Errno.notPermitted,
                                  message: "is a symlink into `\(reserved)` (to \(real)), which mlx never tracks",
                                  hint: "remove the link, or list it in .mlxignore")
        }
        let target = try FileStat.following(path)
        if target.isDirectory {
            throw FileSystemError(path: path, operation: "readlink", code: Syscall.Errno.isDirectory,
                                  message: "is a symlink to a folder, which mlx does not follow inside a tracked directory",
                                  hint: "track the folder itself, or list the link in .mlxignore")
        }
        return target
    }
}
