import MLXHash
import Synchronization

/// `mlx checkout`: makes the workspace hold what the pointer files record, from the cache.
///
/// Every object is verified against its oid before it is linked, so a corrupt cache object is
/// refused and named instead of spreading into the workspace; one verified before and unchanged
/// since (same size, mtime, ctime and inode, as the hash index remembers) is not read again. Without `force`, an output whose
/// workspace copy holds unrecorded changes is left untouched and reported.
public struct CheckoutOperation {
    public struct Result: Sendable, Encodable {
        public let path: String
        /// `restored` (files written), `unchanged`, or `relinked`.
        public let action: String
        /// Files written into the workspace.
        public let files: Int
        /// Files removed from a tracked directory (with `force`).
        public let removed: Int
    }

    public struct Report {
        public var results: [Result] = []
        public var errors: [any Error] = []
    }

    let workspace: Workspace
    /// Objects this process verified a moment ago (downloaded by the fetch of a pull): not
    /// hashed again. Every other object is verified before it is linked.
    let verified: Set<ObjectID>

    public init(workspace: Workspace, verified: Set<ObjectID> = []) {
        self.workspace = workspace
        self.verified = verified
    }

    public func checkout(_ targets: [String], force: Bool, relink: Bool) throws -> Report {
        try checkout(workspace.trackedOutputs(for: targets), force: force, relink: relink)
    }

    /// Checks out `outputs` (pointer outputs, or stage outputs as `mlx.lock` records them).
    public func checkout(_ outputs: [TrackedOutput], force: Bool, relink: Bool) throws -> Report {
        var report = Report()
        for output in outputs {
            do {
                report.results.append(try checkout(output, force: force, relink: relink))
            } catch {
                report.errors.append(error)
            }
        }
        try workspace.saveIndex()
        return report
    }

    /// Checks out one output, or with `within` (a path inside a tracked directory, relative to
    /// it) only the files of the manifest at or below that path.
    func checkout(_ tracked: TrackedOutput, force: Bool, relink: Bool, within: String? = nil) throws -> Result {
        guard let recorded = tracked.output.objectID else {
            throw TrackingError(path: tracked.pointerPath, message: "has no valid oid")
        }
        if recorded.isDirectory, !workspace.store.contains(recorded),
           (try? ProjectPath(validating: tracked.dataPath).resolved(under: workspace.project.root,
                                                                     cacheObjects: workspace.sharedCacheObjects)) != nil,
           try workspace.summary(of: tracked.dataPath)?.oid == recorded {
            // Recorded with `add --no-commit`: the workspace holds it, only the cache lacks it.
            return Result(path: tracked.dataPath, action: "unchanged", files: 0, removed: 0)
        }
        let files = try recordedFiles(tracked, recorded)
        guard let within else {
            return try place(files, at: tracked.dataPath, isDirectory: recorded.isDirectory, force: force, relink: relink)
        }
        let part = try CheckoutOperation.part(of: files, within: within, in: tracked)
        // Folders on the way to `within` are inside the tracked directory: never written through.
        try SymlinkedFolderGuard(base: workspace.absolute(tracked.dataPath), dataPath: tracked.dataPath)
            .check([part.isDirectory ? within + "/" : within])
        return try place(part.files, at: tracked.dataPath + "/" + within, isDirectory: part.isDirectory, force: force, relink: relink)
    }

    /// Makes `dataPath` hold `wanted` (one file with an empty relpath, or a directory's files).
    private func place(_ wanted: [(relpath: String, oid: Digest, isexec: Bool)], at dataPath: String, isDirectory recordedIsDirectory: Bool,
                       force: Bool, relink: Bool) throws -> Result {
        // A file output is replaced by a rename, never written through, so only the folders
        // leading to it must stay inside (a `symlink`-type checkout leaves links into the cache
        // there); a folder output's files are written inside it, so a link there is followed too.
        let target = workspace.absolute(dataPath)
        _ = try ProjectPath(validating: dataPath)
            .resolved(under: workspace.project.root, followingFinalLink: recordedIsDirectory && Syscall.isDirectory(target))
        let current = try scanRemovingNormalizationTwins(dataPath, wanted: wanted, force: force)

        var toWrite: [(relpath: String, oid: Digest, isexec: Bool)] = []
        var toRemove: [String] = []
        if let current, current.isDirectory != recordedIsDirectory {
            let safe = current.files.allSatisfy { workspace.store.contains(ObjectID($0.oid)) }
            guard force || safe else { throw conflict(dataPath, "holds a \(current.isDirectory ? "folder" : "file") where a \(recordedIsDirectory ? "folder" : "file") is recorded") }
            try FileTree.remove(target)
            toWrite = wanted
        } else if let current {
            // Keyed by bytes: `==` on strings would match a file named in NFD to an entry in NFC.
            let present = Dictionary(current.files.map { (Array($0.relpath.utf8), $0) }, uniquingKeysWith: { first, _ in first })
            let wantedPaths = Set(wanted.map { Array($0.relpath.utf8) })
            // Replacing a file is safe when its content is in the cache (recorded before, e.g. on
            // another branch): only content the cache lacks is work that checkout could lose.
            let store = workspace.store
            var unrecorded: [String] = []
            for file in wanted {
                if let have = present[Array(file.relpath.utf8)], have.oid == file.oid, have.stat.isExecutable == file.isexec || have.stat.isSymlink {
                    if relink { toWrite.append(file) }
                } else {
                    if let have = present[Array(file.relpath.utf8)], !store.contains(ObjectID(have.oid)) { unrecorded.append(file.relpath) }
                    toWrite.append(file)
                }
            }
            let extra = current.files.filter { !wantedPaths.contains(Array($0.relpath.utf8)) }
            unrecorded += extra.filter { !store.contains(ObjectID($0.oid)) }.map(\.relpath)
            if !force && !unrecorded.isEmpty {
                let example = unrecorded.first.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
                throw conflict(dataPath, "has changes that are not recorded\(example)")
            }
            toRemove = extra.map(\.relpath)
        } else {
            toWrite = wanted
        }

        try restore(toWrite, at: dataPath, recordedIsDirectory: recordedIsDirectory)
        for relpath in toRemove {
            let path = target + "/" + relpath
            try Syscall.unlink(path)
            workspace.forget(dataPath + "/" + relpath)
        }
        if recordedIsDirectory && wanted.isEmpty { try Syscall.makeDirectories(target) }
        let action = toWrite.isEmpty && toRemove.isEmpty ? "unchanged" : (current != nil && relink && toRemove.isEmpty ? "relinked" : "restored")
        return Result(path: dataPath, action: action, files: toWrite.count, removed: toRemove.count)
    }

    /// The workspace's state of `dataPath`. Two names in one folder that differ only in Unicode
    /// normalization cannot be told apart by the walk; with `force` the ones the manifest does not
    /// record (compared by bytes) are deleted and the folder walked again.
    private func scanRemovingNormalizationTwins(_ dataPath: String, wanted: [(relpath: String, oid: Digest, isexec: Bool)],
                                                force: Bool) throws -> ScannedData? {
        let recordedNames = Set(wanted.map { Array($0.relpath.utf8) })
        let base = workspace.absolute(dataPath)
        while true {
            do {
                return try workspace.scan(dataPath)
            } catch let error as FileSystemError where error.operation == DirectoryWalker.normalizationTwinsOperation {
                guard force, error.path.hasPrefix(base + "/") else {
                    var refused = error
                    refused.hint = "rename or remove one of them, or run 'mlx checkout --force \(dataPath)' to keep only the recorded name"
                    throw refused
                }
                let folder = Syscall.directoryName(of: error.path)
                let twin = Syscall.baseName(of: error.path)
                let relativeFolder = folder == base ? "" : String(folder.dropFirst(base.utf8.count + 1)) + "/"
                var removed = false
                for name in try Syscall.listDirectory(folder) where name == twin {  // canonical equivalence on purpose
                    if !recordedNames.contains(Array((relativeFolder + name).utf8)) {
                        try FileTree.remove(folder + "/" + name)
                        removed = true
                    }
                }
                guard removed else { throw error }
            }
        }
    }

    /// The files the pointer records: one for a file, the manifest's entries for a directory.
    private func recordedFiles(_ tracked: TrackedOutput, _ recorded: ObjectID) throws -> [(relpath: String, oid: Digest, isexec: Bool)] {
        guard recorded.isDirectory else {
            return [("", recorded.digest, tracked.output.isexec ?? false)]
        }
        guard workspace.store.contains(recorded) else { throw missing(tracked.dataPath, recorded) }
        let manifest = try Manifest.decode(try workspace.store.read(recorded), oid: recorded)
        return manifest.entries.map { ($0.relpath, $0.oid, $0.isexec) }
    }

    /// Verifies and links each file (in parallel); the first failure is thrown after the rest ran.
    private func restore(_ files: [(relpath: String, oid: Digest, isexec: Bool)], at dataPath: String, recordedIsDirectory: Bool) throws {
        let store = workspace.store
        let types = try workspace.linkTypes
        let base = workspace.absolute(dataPath)
        let verified = self.verified
        for file in files where !store.contains(ObjectID(file.oid)) {
            throw missing(dataPath, ObjectID(file.oid))
        }
        if recordedIsDirectory { try SymlinkedFolderGuard(base: base, dataPath: dataPath).check(files.map(\.relpath)) }
        // An object is hashed before it is linked, unless the hash index remembers verifying it
        // with the size, mtime, ctime and inode it has now: objects are read-only, and any
        // write to one (through a hard link, or after a chmod) changes its ctime. Bit rot that
        // changes no metadata is `mlx fsck`'s to find, as for the workspace's own files. The
        // stat is taken in the parallel loop, before hashing, so an object changed since then
        // does not match what is remembered.
        let index = workspace.index
        let hashedNow = Mutex<[ObjectID: FileStat]>([:])
        let order = FolderInterleave.order(files.map(\.relpath))
        let failures = BoundedParallel.forEach(files.count, width: workspace.jobs) { position in
            let file = files[order[position]]
            let oid = ObjectID(file.oid)
            if !verified.contains(oid) {
                let stat = try? FileStat(path: store.path(for: oid))
                if stat.map({ index.lookup(Workspace.verifiedObjectKey(oid), $0) }) != oid.digest {
                    guard store.verify(oid) else {
                        throw CacheError(subject: dataPath + (file.relpath.isEmpty ? "" : "/" + file.relpath), oid: oid,
                                         message: "cache object \(oid.string) is corrupt",
                                         hint: "run 'mlx fsck' to quarantine it, then 'mlx pull' to fetch a good copy")
                    }
                    if let stat { hashedNow.withLock { $0[oid] = stat } }
                }
            }
            let path = file.relpath.isEmpty ? base : base + "/" + file.relpath
            try store.link(oid: oid, to: path, types: types, isExecutable: file.isexec, syncing: false)
        }
        // One sync for the whole batch instead of an fsync per file and folder; a crash before
        // it can leave a restored file incomplete, which status then reports as modified — the
        // cache, pointers and hash index never claim otherwise (the index is saved after this).
        if !files.isEmpty { try Syscall.syncFileSystem(containing: workspace.project.root) }
        for (oid, stat) in hashedNow.withLock({ $0 }) { workspace.remember(Workspace.verifiedObjectKey(oid), stat, oid: oid.digest) }
        if let first = failures.min(by: { order[$0.key] < order[$1.key] }) { throw first.value }
        for file in files {
            let key = file.relpath.isEmpty ? dataPath : dataPath + "/" + file.relpath
            let path = file.relpath.isEmpty ? base : base + "/" + file.relpath
            if let facts = try? FileStat(path: path).resolvingSymlink(path) {
                workspace.remember(key, facts, oid: file.oid)
            }
        }
    }

    private func conflict(_ dataPath: String, _ what: String) -> TrackingError {
        TrackingError(path: dataPath, message: what,
                      hint: "'mlx commit \(dataPath)' records the changes; 'mlx checkout --force \(dataPath)' discards them")
    }

    private func missing(_ dataPath: String, _ oid: ObjectID) -> CacheError {
        CacheError(subject: dataPath, oid: oid, message: "object \(oid.string) is not in the cache",
                   hint: "run 'mlx pull \(dataPath)' to fetch it from the remote")
    }
}
