/// One writer at a time (DVC's `@locked`, SwiftPM's `SwiftCommandState`): every command that
/// changes the cache, the workspace or `.mlx/` runs inside `withWriterLock`, so no command
/// takes the lock, sweeps or saves the hash index itself. Readers (`status`, `diff`, `ls`) do
/// not lock: every file a writer replaces is replaced whole, by a rename.
extension Project {
    /// Takes the project's writer lock (`ProjectLock`), waiting up to `wait` seconds for
    /// another writer (`command` is what a waiting process is told holds it); removes what a
    /// writer killed mid-way left behind (temporaries in the cache's staging folder, a hash
    /// index or tree memo half-written in `.mlx/tmp`); runs `body`; releases the lock however
    /// `body` ends.
    public func withWriterLock<Value>(wait: Double, command: String, _ body: () throws -> Value) throws -> Value {
        let lock = ProjectLock(projectRoot: root)
        try lock.acquire(wait: wait, command: command)
        defer { lock.release() }
        try ObjectStore(root: cacheDirectory, hasher: .blake3()).sweepStaging()
        TemporaryFiles.sweep(tmpDirectory, recursive: true)
        return try body()
    }

    /// `withWriterLock(wait:command:_:)` with the workspace `body` works in, built once the
    /// lock is held (`jobs` wide; `linkTypes` is read the first time a file is linked), and
    /// its hash index saved when `body` returns.
    public func withWriterLock<Value>(wait: Double, command: String, jobs: Int, linkTypes: @escaping () throws -> [CacheLinkType],
                                      _ body: (Workspace) throws -> Value) throws -> Value {
        try withWriterLock(wait: wait, command: command) {
            let workspace = try Workspace(project: self, jobs: jobs, linkTypes: linkTypes)
            let value = try body(workspace)
            try workspace.saveIndex()
            return value
        }
    }
}
