extension DataListing {
    /// What the workspace's files hold now at every path its pointer files and `mlx.lock`
    /// record — the "new" side of `mlx diff` without a second revision, as `dvc diff` compares
    /// against the workspace. A path whose data is absent is left out (it reads as deleted).
    ///
    /// Files are looked up through the hash index and directories through their tree memos, so
    /// unchanged data is never read again; a directory that changed is walked, and its manifest
    /// kept in ``manifests`` for the file-level diff.
    public static func workspaceData(_ workspace: Workspace) throws -> DataListing {
        let recorded = try DataListing.workspace(workspace)
        var outputs: [TrackedOutput] = []
        var manifests: [String: Manifest] = [:]
        for tracked in recorded.outputs {
            if tracked.output.isDirectory, let memo = workspace.treeMemo(of: tracked.dataPath),
               memo.oid.string == tracked.output.oid,
               memo.stillHolds(root: workspace.absolute(tracked.dataPath), width: workspace.jobs) {
                outputs.append(tracked)
                continue
            }
            guard let scanned = try workspace.scan(tracked.dataPath) else { continue }
            if scanned.oid.string == tracked.output.oid {
                outputs.append(tracked)
                continue
            }
            var current = tracked.output
            current.oid = scanned.oid.string
            current.size = scanned.size
            current.nfiles = scanned.isDirectory ? scanned.files.count : nil
            if let manifest = scanned.manifest { manifests[current.oid] = manifest }
            outputs.append(TrackedOutput(pointerPath: tracked.pointerPath, outputIndex: tracked.outputIndex,
                                         dataPath: tracked.dataPath, output: current))
        }
        return DataListing(state: .workspace, outputs: outputs, manifests: manifests)
    }
}
