/// `mlx diff`: compares what two states of the project record — the oids in their pointer
/// files, not the bytes in the workspace (that is `mlx status`).
public struct DataDiffOperation: Sendable {
    /// Where manifests are looked up to diff the files inside directories.
    public let store: ObjectStore

    /// An operation reading manifests from `store`.
    public init(store: ObjectStore) {
        self.store = store
    }

    /// Compares the states the user named: no revision, `HEAD` against the workspace (an unborn
    /// `HEAD` counts as recording nothing); one, that revision against the workspace; two,
    /// the first against the second.
    public func diff(revisions: [String], workspace: Workspace, sourceControl: any SourceControl) throws -> DataDiff {
        let project = workspace.project
        switch revisions.count {
        case 0:
            let old: DataListing
            if try sourceControl.headCommit() != nil {
                old = try DataListing.revision("HEAD", project: project, sourceControl: sourceControl)
            } else {
                old = DataListing(state: .revision("HEAD"), outputs: [])
            }
            return try diff(from: old, to: .workspace(workspace))
        case 1:
            let old = try DataListing.revision(revisions[0], project: project, sourceControl: sourceControl)
            return try diff(from: old, to: .workspace(workspace))
        case 2:
            let old = try DataListing.revision(revisions[0], project: project, sourceControl: sourceControl)
            let new = try DataListing.revision(revisions[1], project: project, sourceControl: sourceControl)
            return try diff(from: old, to: new)
        default:
            throw DataListingError(revision: nil, message: "mlx diff compares at most two revisions, got \(revisions.count)",
                                   hint: "mlx diff [REV_A [REV_B]]")
        }
    }

    /// The changes from `old` to `new`, matched by data path.
    public func diff(from old: DataListing, to new: DataListing) throws -> DataDiff {
        var oldByPath: [String: PointerOutput] = [:]
        for tracked in old.outputs { oldByPath[tracked.dataPath] = tracked.output }
        var added: [DataDiff.Change] = []
        var modified: [DataDiff.Change] = []
        var seen = Set<String>()
        for tracked in new.outputs {
            seen.insert(tracked.dataPath)
            let newSide = Self.side(tracked.output)
            guard let before = oldByPath[tracked.dataPath] else {
                added.append(DataDiff.Change(path: tracked.dataPath, old: nil, new: newSide))
                continue
            }
            if before.oid == tracked.output.oid { continue }
            modified.append(try change(at: tracked.dataPath, from: before, to: tracked.output))
        }
        let deleted = old.outputs.filter { !seen.contains($0.dataPath) }
            .map { DataDiff.Change(path: $0.dataPath, old: Self.side($0.output), new: nil) }
        return DataDiff(added: added, deleted: deleted, modified: modified)
    }

    /// A modified output; for two directories, with the diff of their files when both
    /// manifests are in the cache.
    func change(at path: String, from before: PointerOutput, to after: PointerOutput) throws -> DataDiff.Change {
        let oldSide = Self.side(before), newSide = Self.side(after)
        guard before.isDirectory && after.isDirectory, let oldID = before.objectID, let newID = after.objectID else {
            return DataDiff.Change(path: path, old: oldSide, new: newSide)
        }
        let missing = [oldID, newID].filter { !store.contains($0) }.map(\.string)
        guard missing.isEmpty else {
            return DataDiff.Change(path: path, old: oldSide, new: newSide, missingManifests: missing)
        }
        let files = Self.diff(try manifest(oldID), try manifest(newID), under: path)
        return DataDiff.Change(path: path, old: oldSide, new: newSide, files: files)
    }

    /// The file-level changes between two manifests of the directory at `path`. A file whose
    /// exec bit alone changed counts as modified: the directory's oid changed because of it.
    static func diff(_ old: Manifest, _ new: Manifest, under path: String) -> DataDiff {
        var oldEntries: [String: Manifest.Entry] = [:]
        for entry in old.entries { oldEntries[entry.relpath] = entry }
        var added: [DataDiff.Change] = [], modified: [DataDiff.Change] = []
        func side(_ entry: Manifest.Entry) -> DataDiff.Side { DataDiff.Side(oid: entry.oid.hex, size: entry.size) }
        for entry in new.entries {
            let filePath = path + "/" + entry.relpath
            guard let before = oldEntries.removeValue(forKey: entry.relpath) else {
                added.append(DataDiff.Change(path: filePath, old: nil, new: side(entry)))
                continue
            }
            if before.oid != entry.oid || before.isexec != entry.isexec {
                modified.append(DataDiff.Change(path: filePath, old: side(before), new: side(entry)))
            }
        }
        let deleted = oldEntries.values.map { DataDiff.Change(path: path + "/" + $0.relpath, old: side($0), new: nil) }
        return DataDiff(added: added, deleted: deleted, modified: modified)
    }

    func manifest(_ oid: ObjectID) throws -> Manifest {
        do {
            return try Manifest.decode(try store.read(oid), oid: oid)
        } catch var error as ManifestError {
            error.hint = error.hint ?? "run `mlx fsck` to check the cache"
            throw error
        }
    }

    static func side(_ output: PointerOutput) -> DataDiff.Side {
        DataDiff.Side(oid: output.oid, size: output.size, nfiles: output.isDirectory ? (output.nfiles ?? 0) : nil)
    }
}
