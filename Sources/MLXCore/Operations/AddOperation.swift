import MLXHash
import Synchronization

/// `mlx add`: puts files and directories into the cache and writes their pointer files.
///
/// Order of durable steps, so that a crash at any instant leaves no lie behind: every object
/// (file contents, then the manifest) is in the cache and synced before the pointer that names
/// it is renamed into place; the `.gitignore` line and the workspace relink come after.
/// A failure to write the pointer or the `.gitignore` line puts the previous pointer back, so
/// a failed add leaves its target as it was; what can fail after that (linking the workspace
/// file, saving the hash index) only costs space or time, and is reported as a warning.
public struct AddOperation {
    /// What was recorded for one target.
    public struct Result: Sendable, Encodable {
        public let path: String
        public let pointer: String
        public let oid: String
        public let size: Int64
        public let nfiles: Int?
        /// Objects that were not in the cache before.
        public let newObjects: Int
        /// Whether the recorded oid differs from the pointer's previous one (false for a first add
        /// that happens to match nothing).
        public let changed: Bool
    }

    let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Adds each target (absolute paths). Every target is checked before any is changed, so a
    /// bad target leaves everything as it was. Without `caching` (`--no-commit`) the pointer
    /// records the hashes but the content stays out of the cache until `mlx commit`.
    public func add(_ targets: [String], caching: Bool = true, progress: ((String) -> Void)? = nil) throws -> [Result] {
        var planned: [(relative: String, previous: Pointer?)] = []
        var seen = Set<String>()
        for target in targets {
            let relative = try workspace.dataPathForAdding(target)
            guard seen.insert(relative).inserted else { continue }
            guard Syscall.exists(target) || isSymlink(target) else {
                throw TrackingError(path: relative, message: "does not exist")
            }
            let pointerPath = relative + PointerScanner.suffix
            let previous = Syscall.exists(workspace.absolute(pointerPath)) ? try workspace.readPointer(pointerPath) : nil
            planned.append((relative, previous))
        }
        for (relative, _) in planned where planned.contains(where: { relative.hasPrefix($0.relative + "/") }) {
            throw TrackingError(path: relative, message: "is inside another target of this command",
                                hint: "add the enclosing folder alone")
        }
        // Read and hash every target before writing anything, so a bad one changes nothing.
        var scans: [(ScannedData, Pointer?)] = []
        for (relative, previous) in planned {
            progress?(relative)
            scans.append((try scan(relative), previous))
        }
        // A bad `cache.type` must fail here, before anything is recorded, not at the relink.
        _ = try workspace.linkTypes
        var results: [Result] = []
        for (scanned, previous) in scans {
            results.append(try record(scanned, previous: previous, caching: caching))
        }
        do {
            try workspace.saveIndex()
        } catch {
            workspace.onWarning?("could not save the hash index (\(error)); the next command hashes these files again")
        }
        return results
    }

    /// How many times a target is hashed and copied before a file that keeps changing fails.
    static let attempts = 3

    /// What `relative` holds now, checked for adding: it exists and holds no pointer files.
    func scan(_ relative: String) throws -> ScannedData {
        guard let scanned = try workspace.scan(relative) else {
            throw TrackingError(path: relative, message: "does not exist")
        }
        if scanned.isDirectory {
            if let nested = scanned.files.first(where: { $0.relpath.hasSuffix(PointerScanner.suffix) }) {
                throw TrackingError(path: relative + "/" + nested.relpath,
                                    message: "is a pointer file inside a folder being added",
                                    hint: "tracked data cannot nest: remove that pointer first ('mlx remove')")
            }
        }
        return scanned
    }

    /// Caches `scanned` (unless not `caching`) and writes its pointer, keeping the annotations
    /// of the previous one.
    func record(_ first: ScannedData, previous: Pointer?, caching: Bool = true) throws -> Result {
        let (scanned, stored) = caching ? try cache(first) : (first, Workspace.StoredObjects())
        let newObjects = stored.added
        let relative = scanned.relativePath
        let pointerPath = relative + PointerScanner.suffix
        let name = Syscall.baseName(of: relative)
        let previousOutput = previous?.outs.first { $0.path == name }
        var output = previousOutput ?? PointerOutput(path: name, oid: scanned.oid.string, size: scanned.size)
        output.hash = PointerOutput.defaultHash
        output.oid = scanned.oid.string
        output.size = scanned.size
        output.nfiles = scanned.isDirectory ? scanned.files.count : nil
        output.isexec = !scanned.isDirectory && scanned.files[0].stat.isExecutable ? true : nil
        var pointer = previous ?? Pointer(outs: [])
        if let index = pointer.outs.firstIndex(where: { $0.path == name }) {
            pointer.outs[index] = output
        } else {
            pointer.outs.append(output)
        }
        let encoded = PointerCodec.encode(pointer)
        let pointerFile = workspace.absolute(pointerPath)
        let unchanged = previous.map { PointerCodec.encode($0) == encoded } ?? false
        let replaced = unchanged ? nil : try writePointer(encoded, to: pointerFile)
        do {
            try GitignoreEditor.add(name, in: Syscall.directoryName(of: workspace.absolute(relative)))
        } catch {
            replaced?.restore()
            throw error
        }
        replaced?.commit()
        do {
            if caching { try workspace.relinkToCache(scanned, clonedFromWorkspace: stored.clonedFromWorkspace) }
        } catch {
            workspace.onWarning?("\(relative): added, but not linked to the cache (\(error)); it keeps its own copy")
        }
        return Result(path: relative, pointer: pointerPath, oid: scanned.oid.string, size: scanned.size,
                      nfiles: output.nfiles, newObjects: newObjects, changed: previousOutput?.oid != output.oid)
    }

    /// Copies `first`'s files into the cache. A file rewritten since it was hashed is never
    /// stored under its old hash (see `ObjectStore.stage`): the target is hashed again and
    /// copied again, and after `attempts` tries the add fails naming the file.
    private func cache(_ first: ScannedData) throws -> (ScannedData, Workspace.StoredObjects) {
        var scanned = first
        var attempt = 1
        while true {
            do {
                return (scanned, try workspace.storeObjects(of: scanned))
            } catch let error as SourceChangedError {
                guard attempt < Self.attempts else {
                    let path = (try? workspace.project.relativePath(of: error.path)) ?? error.path
                    throw TrackingError(path: path, message: "kept changing while it was being added (\(attempt) tries)",
                                        hint: "stop the program that writes to it, then run `mlx add` again")
                }
            }
            attempt += 1
            scanned = try scan(scanned.relativePath)
        }
    }

    /// Writes `encoded` to the pointer file, keeping the previous pointer as a hard link beside
    /// it, so a later step can put it back without needing disk space.
    private func writePointer(_ encoded: String, to pointerFile: String) throws -> PointerReplacement {
        var backup: String?
        if Syscall.exists(pointerFile) {
            let path = Syscall.temporaryPath(beside: pointerFile)
            try Syscall.link(pointerFile, to: path)
            backup = path
        }
        do {
            try AtomicFile.write(encoded, to: pointerFile)
        } catch {
            if let backup { Syscall.unlinkIfPresent(backup) }
            throw error
        }
        return PointerReplacement(path: pointerFile, backup: backup)
    }

    private func isSymlink(_ path: String) -> Bool {
        (try? FileStat(path: path))?.isSymlink ?? false
    }
}

/// A pointer file just replaced, with the previous one kept as a hard link until the add is
/// complete (none when there was no pointer before).
private struct PointerReplacement {
    let path: String
    let backup: String?

    /// Puts the previous pointer back, or removes the new one when there was none.
    func restore() {
        if let backup {
            do {
                try Syscall.rename(backup, path)
            } catch {
                Syscall.unlinkIfPresent(backup)
            }
        } else {
            Syscall.unlinkIfPresent(path)
        }
        try? Syscall.fsyncDirectory(Syscall.directoryName(of: path))
    }

    /// The new pointer stays: drops the previous one.
    func commit() {
        if let backup { Syscall.unlinkIfPresent(backup) }
    }
}
