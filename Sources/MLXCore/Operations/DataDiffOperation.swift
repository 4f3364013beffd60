/// `mlx diff`: compares the data two states of the project record — pointer files and the
/// stage outputs of `mlx.lock` — or, against the workspace, what its files hold now.
public struct DataDiffOperation: Sendable {
    /// Where manifests are looked up to diff the files inside directories.
    public let store: ObjectStore

    /// An operation reading manifests from `store`.
    public init(store: ObjectStore) {
        self.store = store
    }

    /// Compares the states the user named: no revision, `HEAD` against the workspace's data (an
    /// unborn `HEAD` counts as recording nothing); one, that revision against the workspace's
    /// data; two, the first against the second. Contents that moved are reported as renames.
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
            return try diff(from: old, to: .workspaceData(workspace))
        case 1:
            let old = try DataListing.revision(revisions[0], project: project, sourceControl: sourceControl)
            return try diff(from: old, to: .workspaceData(workspace))
        case 2:
            let old = try DataListing.revision(revisions[0], project: project, sourceControl: sourceControl)
            let new = try DataListing.revision(revisions[1], project: project, sourceControl: sourceControl)
            return try diff(from: old, to: new)
        default:
            throw DataListingError(revision: nil, message: "mlx diff compares at most two revisions, got \(revisions.count)",
                                   hint: "mlx diff [REV_A [REV_B]]")
        }
    }

    /// The changes from `old` to `new`, matched by data path, with renames paired.
    public func diff(from old: DataListing, to new: DataListing) throws -> DataDiff {
        let known = old.manifests.merging(new.manifests) { first, _ in first }
        var oldByPath: [String: PointerOutput] = [:]
        for tracked in old.outputs { oldByPath[tracked.dataPath] = tracked.output }
        var added: [DataDiff.Change] = []
        var modified: [DataDiff.Change] = []
        var seen = Set<String>()
        for tracked in new.outputs {
            seen.insert(tracked.dataPath)
            guard let before = oldByPath[tracked.dataPath] else {
                added.append(try change(at: tracked.dataPath, from: nil, to: tracked.output, known: known))
                continue
            }
            if before.oid == tracked.output.oid { continue }
            modified.append(try change(at: tracked.dataPath, from: before, to: tracked.output, known: known))
        }
        let deleted = try old.outputs.filter { !seen.contains($0.dataPath) }
            .map { try change(at: $0.dataPath, from: $0.output, to: nil, known: known) }
        return DataDiff(added: added, deleted: deleted, modified: modified).pairingRenames()
    }

    /// One changed output; for a directory, with the diff of its files when the manifests it
    /// needs are in `known` or the cache (an absent side counts as an empty directory).
    func change(at path: String, from before: PointerOutput?, to after: PointerOutput?,
                known: [String: Manifest]) throws -> DataDiff.Change {
        let oldSide = before.map(Self.side), newSide = after.map(Self.side)
        let sides = [before, after].compactMap { $0 }
        guard !sides.isEmpty, sides.allSatisfy(\.isDirectory) else {
            return DataDiff.Change(path: path, old: oldSide, new: newSide)
        }
        let ids = sides.compactMap(\.objectID)
        let missing = ids.filter { known[$0.string] == nil && !store.contains($0) }.map(\.string)
        guard missing.isEmpty else {
            return DataDiff.Change(path: path, old: oldSide, new: newSide, missingManifests: missing)
        }
        let empty = try Manifest(entries: [])
        let oldManifest = try before?.objectID.map { try manifest($0, known: known) } ?? empty
        let newManifest = try after?.objectID.map { try manifest($0, known: known) } ?? empty
        let files = Self.diff(oldManifest, newManifest, under: path)
        return DataDiff.Change(path: path, old: oldSide, new: newSide, files: files)
    }

    /// The file-level changes between two manifests of the directory at `path`, with renames
    /// paired. A file whose exec bit alone changed counts as modified: the directory's oid
    /// changed because of it.
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
        return DataDiff(added: added, deleted: deleted, modified: modified).pairingRenames()
    }

    /// The manifest `oid`, from `known` or the cache.
    func manifest(_ oid: ObjectID, known: [String: Manifest]) throws -> Manifest {
        if let manifest = known[oid.string] { return manifest }
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
