/// `mlx ls`: the tracked outputs of the workspace or of a revision, with the files of
/// directories taken from their manifests in the cache when asked for.
public struct DataListingOperation: Sendable {
    /// Where manifests are looked up for a recursive listing.
    public let store: ObjectStore

    /// An operation reading manifests from `store`.
    public init(store: ObjectStore) {
        self.store = store
    }

    /// The workspace's outputs, pointers' and `mlx.lock`'s (`target` absolute, or `nil` for the
    /// whole project). A target that is neither tracked by a pointer nor a stage output (nor
    /// inside or above one) is an error naming it.
    public func list(workspace: Workspace, target: String?, recursive: Bool) throws -> [DataListingEntry] {
        guard let target else {
            return try entries(of: .workspace(workspace), under: "", recursive: recursive)
        }
        let relative = try workspace.project.relativePath(of: target)
        let lock = try DataListing.workspaceLock(workspace.project)
        let stageOutputs = DataListing(state: .workspace, outputs: DataListing.merging([], lockedBy: lock))
            .restricted(to: relative).outputs
        let pointers: [TrackedOutput]
        do {
            pointers = try workspace.trackedOutputs(for: [target])
        } catch is TrackingError where !stageOutputs.isEmpty {
            pointers = []
        }
        let pointed = Set(pointers.map(\.dataPath))
        let listing = DataListing(state: .workspace, outputs: pointers + stageOutputs.filter { !pointed.contains($0.dataPath) })
        return try entries(of: listing, under: relative, recursive: recursive)
    }

    /// The outputs committed at `revision` (`target` absolute, or `nil` for the whole project).
    /// A target under which nothing is tracked at that revision is an error naming both.
    public func list(revision: String, project: Project, sourceControl: any SourceControl,
                     target: String?, recursive: Bool) throws -> [DataListingEntry] {
        let relative = try target.map { try project.relativePath(of: $0) } ?? ""
        let path = DataListing.dataPath(named: relative)
        let listing = try DataListing.revision(revision, project: project, sourceControl: sourceControl).restricted(to: path)
        if listing.outputs.isEmpty && !path.isEmpty {
            throw DataListingError(revision: revision, message: "\(path): nothing is tracked there at revision '\(revision)'",
                                   hint: "`mlx ls --rev \(revision)` lists what is tracked at that revision")
        }
        return try entries(of: listing, under: path, recursive: recursive)
    }

    /// One entry per output. With `recursive`, directories list their files — only those under
    /// `path` when `path` lies inside the directory.
    public func entries(of listing: DataListing, under path: String, recursive: Bool) throws -> [DataListingEntry] {
        try listing.outputs.map { tracked in
            let output = tracked.output
            var files: [DataListingEntry.File]?
            if recursive && output.isDirectory {
                files = try manifest(of: output)?.entries.compactMap { entry in
                    let filePath = tracked.dataPath + "/" + entry.relpath
                    let inside = path.isEmpty || !path.hasPrefix(tracked.dataPath + "/")
                        || filePath == path || filePath.hasPrefix(path + "/")
                    return inside ? DataListingEntry.File(path: filePath, oid: entry.oid.hex, size: entry.size, isexec: entry.isexec) : nil
                }
            }
            return DataListingEntry(
                path: tracked.dataPath, pointer: tracked.pointerPath, isDirectory: output.isDirectory, oid: output.oid,
                size: output.size, nfiles: output.isDirectory ? (output.nfiles ?? 0) : nil,
                expanded: recursive, files: files)
        }
    }

    /// The manifest of a directory output, or `nil` when the cache does not hold it. A manifest
    /// that is there but does not decode is an error naming its oid.
    func manifest(of output: PointerOutput) throws -> Manifest? {
        guard let oid = output.objectID, store.contains(oid) else { return nil }
        do {
            return try Manifest.decode(try store.read(oid), oid: oid)
        } catch var error as ManifestError {
            error.hint = error.hint ?? "run `mlx fsck` to check the cache"
            throw error
        }
    }
}
