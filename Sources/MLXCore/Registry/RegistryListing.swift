/// `mlx list`: what a registry holds at a path — git files, tracked data, folders — as the
/// entries a person or a script reads.
public struct RegistryListing {
    /// One entry of the listing.
    public struct Entry: Sendable, Encodable, Equatable {
        /// Relative to the listed path (the listed path's own name when it is a file).
        public let path: String
        /// Whether mlx tracks it (a pointer's or `mlx.lock`'s output, or a file inside one).
        public let isout: Bool
        /// Whether it is a folder (a tracked directory, or a folder of files).
        public let isdir: Bool
        /// Whether the file is executable.
        public let isexec: Bool
        /// Bytes, for tracked data (a directory's: all its files).
        public let size: Int64?
        /// The object id, for tracked data.
        public let oid: String?
    }

    let snapshot: RegistrySnapshot
    /// The manifest of a tracked directory (downloaded from the registry's remote when needed).
    let manifest: (TrackedOutput) throws -> Manifest

    /// A listing of `snapshot`; `manifest` gives a tracked directory's files.
    public init(snapshot: RegistrySnapshot, manifest: @escaping (TrackedOutput) throws -> Manifest) {
        self.snapshot = snapshot
        self.manifest = manifest
    }

    /// The entries at `path` (empty: the top), one level deep or, with `recursive`, every file
    /// below (tracked directories expanded into their files); `trackedOnly` keeps tracked data.
    public func entries(at path: String, recursive: Bool, trackedOnly: Bool) throws -> [Entry] {
        let selection = try snapshot.select(path)
        var entries: [Entry] = []
        var folders = Set<String>()
        for piece in selection.pieces {
            switch piece.kind {
            case let .git(file):
                guard !trackedOnly else { continue }
                let relative = piece.relative.isEmpty ? Syscall.baseName(of: file.path) : piece.relative
                if !recursive, let folder = Self.firstFolder(of: relative) {
                    folders.insert(folder)
                    continue
                }
                entries.append(Entry(path: relative, isout: false, isdir: false, isexec: file.kind == .executable, size: nil, oid: nil))
            case let .data(output, inside):
                let relative = piece.relative.isEmpty ? Syscall.baseName(of: inside.map { output.dataPath + "/" + $0 } ?? output.dataPath) : piece.relative
                if !recursive, let folder = Self.firstFolder(of: relative) {
                    folders.insert(folder)
                    continue
                }
                let isDirectory = output.output.isDirectory
                if !isDirectory || (!recursive && inside == nil && !piece.relative.isEmpty) {
                    entries.append(Entry(path: relative, isout: true, isdir: isDirectory, isexec: output.output.isexec ?? false,
                                         size: output.output.size, oid: output.output.oid))
                    continue
                }
                entries += try files(of: output, inside: inside, recursive: recursive, base: piece.relative)
            }
        }
        for folder in folders where !entries.contains(where: { $0.path == folder }) {
            entries.append(Entry(path: folder, isout: false, isdir: true, isexec: false, size: nil, oid: nil))
        }
        return entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The entries of a tracked directory (below `inside`, when given), placed under `base`.
    private func files(of output: TrackedOutput, inside: String?, recursive: Bool, base: String) throws -> [Entry] {
        let prefix = inside.map { $0 + "/" } ?? ""
        var entries: [Entry] = []
        var folders: [String: Int64] = [:]
        var found = false
        for entry in try manifest(output).entries {
            if let inside, entry.relpath == inside {
                return [Entry(path: Syscall.baseName(of: inside), isout: true, isdir: false, isexec: entry.isexec,
                              size: entry.size, oid: ObjectID(entry.oid).string)]
            }
            guard entry.relpath.hasPrefix(prefix) else { continue }
            found = true
            let relative = String(entry.relpath.dropFirst(prefix.count))
            if !recursive, let folder = Self.firstFolder(of: relative) {
                folders[folder, default: 0] += entry.size
                continue
            }
            entries.append(Entry(path: RegistryDownload.joined(base, relative), isout: true, isdir: false, isexec: entry.isexec,
                                 size: entry.size, oid: ObjectID(entry.oid).string))
        }
        if let inside, !found {
            throw RegistryError(source: snapshot.url, message: "`\(output.dataPath)/\(inside)` does not exist in directory `\(output.dataPath)`")
        }
        for (folder, size) in folders {
            entries.append(Entry(path: RegistryDownload.joined(base, folder), isout: true, isdir: true, isexec: false, size: size, oid: nil))
        }
        return entries
    }

    static func firstFolder(of relative: String) -> String? {
        guard let slash = relative.firstIndex(of: "/") else { return nil }
        return String(relative[..<slash])
    }
}
