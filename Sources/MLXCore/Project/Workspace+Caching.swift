/// Putting scanned data into the cache: shared by `mlx add`/`commit` (which then write a
/// pointer) and `mlx repro` (which records stage outputs in `mlx.lock`). Either way the
/// objects are durable before any file names them.
extension Workspace {
    /// Copies every file into the cache as one durable batch, then the manifest; returns how
    /// many objects were new.
    func storeObjects(of scanned: ScannedData) throws -> Int {
        var added = try store.insertBatch(
            scanned.files.map { ObjectStore.PendingFile(path: $0.path, oid: $0.oid) },
            width: jobs)
        if let manifest = scanned.manifest, try store.insert(bytes: manifest.encoded(), oid: scanned.oid) {
            added += 1
        }
        return added
    }

    /// Replaces workspace files by links to the cache when the configured link type saves space
    /// (hardlink, symlink, reflink). With `copy` first the workspace file already is a copy, and
    /// where reflinks do not work a file is left as it is rather than copied again. A symlink the
    /// user made is never replaced, nor a file written to since it was hashed: the link would
    /// replace its new bytes by the cached ones.
    func relinkToCache(_ scanned: ScannedData) throws {
        let configured = try linkTypes
        guard let first = configured.first, first != .copy else { return }
        let types = first == .reflink ? [CacheLinkType.reflink] : configured
        for file in scanned.files {
            guard let current = try? FileStat(path: file.path), current == file.stat, !current.isSymlink else { continue }
            let key = file.relpath.isEmpty ? scanned.relativePath : scanned.relativePath + "/" + file.relpath
            do {
                try store.link(oid: ObjectID(file.oid), to: file.path, types: types, isExecutable: file.stat.isExecutable)
            } catch where first == .reflink {
                return
            }
            remember(key, try FileStat(path: file.path).resolvingSymlink(file.path), oid: file.oid)
        }
    }
}
