#if canImport(Glibc)
import Glibc
#endif
import MLXHash
import Synchronization

/// `mlx add`: puts files and directories into the cache and writes their pointer files.
///
/// Order of durable steps, so that a crash at any instant leaves no lie behind: every object
/// (file contents, then the manifest) is in the cache and synced before the pointer that names
/// it is renamed into place; the `.gitignore` line and the workspace relink come after.
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
    /// bad target leaves everything as it was.
    public func add(_ targets: [String], progress: ((String) -> Void)? = nil) throws -> [Result] {
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
        var results: [Result] = []
        for (relative, previous) in planned {
            progress?(relative)
            results.append(try record(relative, previous: previous))
        }
        try workspace.saveIndex()
        return results
    }

    /// Re-records `relative`, keeping the annotations of its existing pointer.
    func record(_ relative: String, previous: Pointer?) throws -> Result {
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
        let newObjects = try storeObjects(of: scanned)
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
        if !unchanged {
            try AtomicFile.write(encoded, to: pointerFile)
        }
        try GitignoreEditor.add(name, in: Syscall.directoryName(of: workspace.absolute(relative)))
        try relink(scanned)
        return Result(path: relative, pointer: pointerPath, oid: scanned.oid.string, size: scanned.size,
                      nfiles: output.nfiles, newObjects: newObjects, changed: previousOutput?.oid != output.oid)
    }

    /// Copies every file into the cache as one durable batch, then the manifest; returns how
    /// many objects were new.
    private func storeObjects(of scanned: ScannedData) throws -> Int {
        let store = workspace.store
        var added = try store.insertBatch(
            scanned.files.map { ObjectStore.PendingFile(path: $0.path, oid: $0.oid, size: $0.stat.size) },
            width: workspace.jobs)
        if let manifest = scanned.manifest, try store.insert(bytes: manifest.encoded(), oid: scanned.oid) {
            added += 1
        }
        return added
    }

    /// Replaces workspace files by links to the cache when the configured link type saves space
    /// (hardlink, symlink, reflink). With `copy` first the workspace file already is a copy.
    private func relink(_ scanned: ScannedData) throws {
        guard let first = workspace.linkTypes.first, first != .copy else { return }
        for file in scanned.files {
            let key = file.relpath.isEmpty ? scanned.relativePath : scanned.relativePath + "/" + file.relpath
            let used = try workspace.store.link(oid: ObjectID(file.oid), to: file.path, types: workspace.linkTypes,
                                                isExecutable: file.stat.isExecutable)
            workspace.remember(key, try FileStat(path: file.path).resolvingSymlink(file.path), oid: file.oid)
            // No reflink here: the others would be copied again for nothing.
            if first == .reflink && used != .reflink { return }
        }
    }

    private func isSymlink(_ path: String) -> Bool {
        (try? FileStat(path: path))?.isSymlink ?? false
    }
}
