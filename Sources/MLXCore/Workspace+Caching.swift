/// Putting scanned data into the cache: shared by `mlx add`/`commit` (which then write a
/// pointer) and `mlx repro` (which records stage outputs in `mlx.lock`). Either way the
/// objects are durable before any file names them.
extension Workspace {
    /// Copies every file into the cache (in parallel), then the manifest; returns how many were new.
    func storeObjects(of scanned: ScannedData) throws -> Int {
        let store = store
        let files = scanned.files
        let added = Counter()
        let failures = BoundedParallel.forEach(files.count, width: jobs) { index in
            let file = files[index]
            if try store.insert(fileAt: file.path, oid: file.oid, size: file.stat.size) { added.increment() }
        }
        if let first = failures.keys.min(), let error = failures[first] { throw error }
        if let manifest = scanned.manifest {
            if try store.insert(bytes: manifest.encoded(), oid: scanned.oid) { added.increment() }
        }
        return added.value
    }

    /// Replaces workspace files by links to the cache when the configured link type saves space
    /// (hardlink, symlink, reflink). With `copy` first the workspace file already is a copy.
    func relinkToCache(_ scanned: ScannedData) throws {
        guard let first = linkTypes.first, first != .copy else { return }
        for file in scanned.files {
            let key = file.relpath.isEmpty ? scanned.relativePath : scanned.relativePath + "/" + file.relpath
            let used = try store.link(oid: ObjectID(file.oid), to: file.path, types: linkTypes,
                                      isExecutable: file.stat.isExecutable)
            remember(key, try FileStat(path: file.path).resolvingSymlink(file.path), oid: file.oid)
            // No reflink here: the others would be copied again for nothing.
            if first == .reflink && used != .reflink { return }
        }
    }
}
