/// One writer at a time (DVC's `@locked`, SwiftPM's `SwiftCommandState`): every command that
/// changes the cache, the workspace or `.mlx/` runs inside `withWriterLock`, so no command
/// takes the lock, sweeps or saves the hash index itself. Readers (`status`, `diff`, `ls`) do
/// not lock: every file a writer replaces is replaced whole, by a rename.
extension Project {
    /// Takes the project's writer lock (`ProjectLock`), waiting up to `wait` seconds for
    /// another writer (`command` is what a waiting process is told holds it); removes what a
    /// writer killed mid-way left behind (temporaries in the cache's staging and top folders, a hash
    /// index or tree memo half-written in `.mlx/tmp`); runs `body`; releases the lock however
    /// `body` ends.
    ///
    /// For a cache outside the project (`cache.dir`), the cache's own lock (`CacheLock`) is
    /// held too: shared, so writers of other projects using it work beside this one, or
    /// exclusive with `exclusiveCache` (gc), so that none does. A project using an external cache records
    /// itself in it (`CacheRegistry`), so gc there can tell who else uses it.
    public func withWriterLock<Value>(wait: Double, command: String, exclusiveCache: Bool = false,
                                      _ body: () throws -> Value) throws -> Value {
        let lock = ProjectLock(projectRoot: root)
        try lock.acquire(wait: wait, command: command)
        defer { lock.release() }
        let store = try openCache()
        // `.mlx/cache` has no other writers than this project's, whose lock is held already.
        let cacheLock = hasExternalCache ? CacheLock(cacheRoot: cacheDirectory, sharing: cacheSharing) : nil
        try cacheLock?.acquire(exclusive: exclusiveCache, wait: wait, command: command)
        defer { cacheLock?.release() }
        if hasExternalCache { try CacheRegistry(store: store).register(self) }
        store.sweepStaging()
        // The cache's own top folder too: what is written there (its CACHEDIR.TAG, by older
        // versions beside it) could be left half-made by a kill.
        TemporaryFiles.sweep(store.root)
        TemporaryFiles.sweep(tmpDirectory, recursive: true)
        return try body()
    }

    /// `withWriterLock(wait:command:_:)` with the workspace `body` works in, built once the
    /// lock is held (`jobs` wide; `linkTypes` is read the first time a file is linked), and
    /// its hash index saved when `body` returns.
    public func withWriterLock<Value>(wait: Double, command: String, exclusiveCache: Bool = false, jobs: Int,
                                      linkTypes: @escaping () throws -> [CacheLinkType],
                                      _ body: (Workspace) throws -> Value) throws -> Value {
        try withWriterLock(wait: wait, command: command, exclusiveCache: exclusiveCache) {
            let workspace = try Workspace(project: self, jobs: jobs, linkTypes: linkTypes)
            let value = try body(workspace)
            try workspace.saveIndex()
            return value
        }
    }
}
