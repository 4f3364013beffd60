/// `mlx commit`: records the workspace content of tracked data whose pointer is out of date.
public struct CommitOperation {
    let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Re-records each modified output the targets name (all when empty); unchanged outputs
    /// are left alone, a deleted one is an error (use `mlx remove` to stop tracking it).
    public func commit(_ targets: [String]) throws -> [AddOperation.Result] {
        let outputs = try workspace.trackedOutputs(for: targets)
        let status = StatusOperation(workspace: workspace)
        let add = AddOperation(workspace: workspace)
        // Decide for every output before recording any, so one deleted output changes nothing.
        var changed: [(ScannedData, Pointer)] = []
        var seen = Set<String>()
        for tracked in outputs where seen.insert(tracked.dataPath).inserted {
            let entry = try status.entry(for: tracked)
            switch entry.state {
            case .unchanged:
                continue
            case .deleted:
                throw TrackingError(path: tracked.dataPath, message: "is deleted from the workspace",
                                    hint: "'mlx checkout \(tracked.dataPath)' restores it; 'mlx remove \(tracked.pointerPath)' stops tracking it")
            case .modified:
                changed.append((try add.scan(tracked.dataPath), try workspace.readPointer(tracked.pointerPath)))
            }
        }
        var results: [AddOperation.Result] = []
        for (scanned, pointer) in changed {
            results.append(try add.record(scanned, previous: pointer))
        }
        try workspace.saveIndex()
        return results
    }
}
