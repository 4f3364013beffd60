import MLXHash
import Synchronization

/// Putting scanned data into the cache: shared by `mlx add`/`commit` (which then write a
/// pointer) and `mlx repro` (which records stage outputs in `mlx.lock`). Either way the
/// objects are durable before any file names them.
extension Workspace {
    /// Copies every file into the cache as one durable batch, then the manifest; returns how
    /// many objects were new and which files they were cloned from.
    func storeObjects(of scanned: ScannedData) throws -> StoredObjects {
        var stored = StoredObjects()
        stored.added = try store.insertBatch(
            scanned.files.map { ObjectStore.PendingFile(path: $0.path, oid: $0.oid, size: $0.stat.size) },
            width: jobs, cloned: &stored.clonedFromWorkspace)
        if let manifest = scanned.manifest, try store.insert(bytes: manifest.encoded(), oid: scanned.oid) {
            stored.added += 1
        }
        return stored
    }

    /// Replaces workspace files by links to the cache when the configured link type saves space
    /// (hardlink, symlink, reflink). With `copy` first the workspace file already is a copy, and
    /// where reflinks do not work a file is left as it is rather than copied again. A symlink the
    /// user made is never replaced, nor a file written to since it was hashed: the link would
    /// replace its new bytes by the cached ones.
    ///
    /// Files are linked `jobs` at a time and made durable with one sync of the file system, as a
    /// checkout does: an fsync of each new link and of its folder made `add` of 10,000 small
    /// files on XFS with reflinks take 43 s, nearly all of it waiting for 20,000 fsyncs. A crash
    /// before the sync can at worst leave a workspace file that status reports as modified; the
    /// objects were durable before this started, and the hash index learns the new links only
    /// after the sync.
    ///
    /// With reflinks first, a file whose object was just cloned from it (`clonedFromWorkspace`)
    /// already shares its extents with the object, and is left alone: relinking it created a
    /// second file for every file added (`add` of 10,000 small files on XFS: 2.5 s against
    /// `cp -r --reflink`'s 0.5 s).
    func relinkToCache(_ scanned: ScannedData, clonedFromWorkspace: [Bool]) throws {
        let configured = try linkTypes
        guard let first = configured.first, first != .copy else { return }
        let types = first == .reflink ? [CacheLinkType.reflink] : configured
        let alreadyShared = first == .reflink ? clonedFromWorkspace : []
        let cloningFailed = Atomic<Bool>(false)
        let relinked = Mutex<[(key: String, path: String, oid: Digest)]>([])
        let store = store
        let failures = BoundedParallel.forEach(scanned.files.count, width: jobs) { index in
            let file = scanned.files[index]
            if alreadyShared.indices.contains(index), alreadyShared[index] { return }
            guard !cloningFailed.load(ordering: .relaxed), let current = try? FileStat(path: file.path), current == file.stat,
                  !current.isSymlink else { return }
            do {
                try store.link(oid: ObjectID(file.oid), to: file.path, types: types, isExecutable: file.stat.isExecutable, syncing: false)
            } catch where first == .reflink {
                // Cloning does not work here after all: leave the remaining copies as they are.
                cloningFailed.store(true, ordering: .relaxed)
                return
            }
            let key = file.relpath.isEmpty ? scanned.relativePath : scanned.relativePath + "/" + file.relpath
            relinked.withLock { $0.append((key, file.path, file.oid)) }
        }
        let done = relinked.withLock { $0 }
        if !done.isEmpty { try Syscall.syncFileSystem(containing: project.root) }
        if let first = failures.keys.min(), let error = failures[first] { throw error }
        for file in done {
            remember(file.key, try FileStat(path: file.path).resolvingSymlink(file.path), oid: file.oid)
        }
    }
}
