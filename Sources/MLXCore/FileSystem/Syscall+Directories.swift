import Glibc

/// Listing, creating and removing folders, and the path arithmetic that goes with them.
extension Syscall {
    /// What `readdir` says an entry is, when the file system says (`d_type`).
    package enum EntryKind {
        case regular, directory, symlink, other
    }

    /// One entry of a folder being listed by `forEachEntry`; valid only inside its body.
    package struct DirectoryEntry {
        /// The entry's name, never `.` or `..`.
        package let name: String
        /// The type `readdir` reported; nil when the file system does not say (`DT_UNKNOWN`).
        package let kind: EntryKind?
        /// The listed folder's path, for messages.
        package let folderPath: String
        /// The listed folder's descriptor, open while the body runs.
        private let folder: Int32

        fileprivate init(name: String, kind: EntryKind?, folderPath: String, folder: Int32) {
            self.name = name
            self.kind = kind
            self.folderPath = folderPath
            self.folder = folder
        }

        /// `lstat` of the entry through the open folder (`fstatat`), which spares the kernel
        /// the walk down the whole path: the walker's hot path.
        @inline(__always)
        package func lstat() throws(FileSystemError) -> FileStat {
            var info = Glibc.stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw Syscall.fail("lstat", folderPath + "/" + name)
            }
            return Syscall.facts(info)
        }
    }

    /// Calls `body` with every entry of `folder` but `.` and `..`, in no particular order: the
    /// one `readdir` loop of MLXCore.
    package static func forEachEntry(
        in folder: String, _ body: (DirectoryEntry) throws(FileSystemError) -> Void
    ) throws(FileSystemError) {
        try injectedFault("opendir", folder)
        guard let stream = opendir(folder) else { throw fail("opendir", folder) }
        defer { closedir(stream) }
        let descriptor = dirfd(stream)
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw fail("readdir", folder) }
                return
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let kind: EntryKind? = switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): .regular
            case Int32(DT_DIR): .directory
            case Int32(DT_LNK): .symlink
            case Int32(DT_UNKNOWN): nil
            default: .other
            }
            try body(DirectoryEntry(name: name, kind: kind, folderPath: folder, folder: descriptor))
        }
    }

    /// Names in a folder, without `.` and `..`, in no particular order.
    static func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
        var names: [String] = []
        try forEachEntry(in: path) { entry in names.append(entry.name) }
        return names
    }

    /// `mkdir(2)` of one folder; fails with `EEXIST` when anything is there.
    static func makeDirectory(_ path: String, mode: UInt32 = 0o755) throws(FileSystemError) {
        try injectedFault("mkdir", path)
        if mkdir(path, mode_t(mode)) != 0 { throw fail("mkdir", path) }
    }

    /// `mkdir -p`: creates each missing folder of `path`; existing folders are fine.
    static func makeDirectories(_ path: String, mode: UInt32 = 0o755) throws(FileSystemError) {
        if isDirectory(path) { return }
        let parent = directoryName(of: path)
        if parent != path && !parent.isEmpty { try makeDirectories(parent, mode: mode) }
        try injectedFault("mkdir", path)
        if mkdir(path, mode_t(mode)) != 0 && errno != EEXIST { throw fail("mkdir", path) }
        if !isDirectory(path) { throw fail("mkdir", path, code: ENOTDIR) }
    }

    /// `rmdir(2)`: removes an empty folder.
    static func removeDirectory(_ path: String) throws(FileSystemError) {
        try injectedFault("rmdir", path)
        if rmdir(path) != 0 { throw fail("rmdir", path) }
    }

    /// Opens the folder `path` for `facts(at:name:)`, refusing a symlink; nil when that fails.
    static func openDirectoryNoFollow(_ path: String) -> Int32? {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }

    /// Opens the folder `name` inside the open folder `parent`, refusing a symlink; nil when
    /// that fails. Takes the C string as it lies in a memo, so nothing is allocated per folder.
    @inline(__always)
    static func openDirectoryNoFollow(at parent: Int32, name: UnsafePointer<CChar>) -> Int32? {
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }

    /// `glob(3)` of `pattern`: the matching paths, sorted; nil when nothing matches or it fails.
    static func glob(_ pattern: String) -> [String]? {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard Glibc.glob(pattern, 0, nil, &matches) == 0 else { return nil }
        return (0..<Int(matches.gl_pathc)).compactMap { index in matches.gl_pathv[index].map { String(cString: $0) } }
    }

    /// The folder part of a path, `.` for a bare name, `/` for the root.
    static func directoryName(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == 0 { return "/" }
        return String(decoding: bytes[..<slash], as: UTF8.self)
    }

    /// The last component of a path.
    static func baseName(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(decoding: bytes[(slash + 1)...], as: UTF8.self)
    }

    /// A fresh temporary name beside `path` (see `TemporaryFiles`).
    static func temporaryPath(beside path: String) -> String {
        TemporaryFiles.path(in: directoryName(of: path))
    }
}
