/// `mlx commit`: records the workspace content of tracked data whose pointer is out of date, and
/// (see `CommitOperation+Stages`) of stages whose `mlx.lock` entry is, without running them.
///
/// Every target is read, hashed and checked before anything is written, so a bad one (deleted
/// data, an unknown stage, a missing output) changes nothing.
public struct CommitOperation {
    /// What one `mlx commit` recorded.
    public struct Report: Sendable {
        /// Pointer outputs recorded (or put into the cache, after `add --no-commit`).
        public var data: [AddOperation.Result] = []
        /// Stages whose `mlx.lock` entry was written (or whose outputs were cached).
        public var stages: [StageResult] = []
        /// With no targets and without `allStages`: the stages that differ from `mlx.lock`,
        /// left for `mlx repro` (or a `mlx commit` that names them).
        public var stagesLeft: [String] = []
    }

    /// One stage recorded, and how its lock entry differed (empty when only its outputs'
    /// objects were missing from the cache).
    public struct StageResult: Sendable {
        public let stage: String
        public let changes: [StageChange]
    }

    let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Records the pointer outputs `paths` names and the stages `stages` names. With neither,
    /// every pointer file, and every stage when `allStages` — without it the stages that differ
    /// are only listed (`Report.stagesLeft`): DVC asks before committing a changed stage, and
    /// mlx, which never asks, records a stage only when told to.
    public func commit(paths targets: [String], stages named: StageTargets, allStages: Bool) throws -> Report {
        let everything = targets.isEmpty && !named.namesStages
        let (paths, stages) = try separatingStageOutputs(targets, named)
        let pointers = everything || !paths.isEmpty ? try planPointers(paths) : []
        var stagePlan: StagePlan?
        if stages.namesStages {
            stagePlan = try planStages(stages)
        } else if everything && allStages && Pipeline.exists(in: workspace.project.root) {
            stagePlan = try planStages(nil)
        }
        var report = Report()
        let add = AddOperation(workspace: workspace)
        for (scanned, pointer) in pointers {
            report.data.append(try add.record(scanned, previous: pointer))
        }
        if let stagePlan { report.stages = try record(stagePlan) }
        try workspace.saveIndex()
        if everything && !allStages { report.stagesLeft = stagesLeftUnrecorded() }
        return report
    }

    /// Re-records the tracked data `targets` (absolute paths) name, as `mlx commit PATH` does:
    /// `repro` uses it for the pointer-tracked inputs that changed before their stages run.
    public func commit(_ targets: [String]) throws -> [AddOperation.Result] {
        let results = try planPointers(targets).map { try AddOperation(workspace: workspace).record($0.0, previous: $0.1) }
        try workspace.saveIndex()
        return results
    }

    /// Moves the path targets that are stage outputs (or inside one) to the stages that write
    /// them, as `dvc commit` takes an output for its stage.
    private func separatingStageOutputs(_ paths: [String], _ stages: StageTargets) throws -> ([String], StageTargets) {
        let root = workspace.project.root
        guard !paths.isEmpty, Pipeline.exists(in: root), let pipeline = try? Pipeline.load(projectRoot: root) else { return (paths, stages) }
        var rest: [String] = []
        var selected = stages
        for path in paths {
            let relative = try workspace.project.relativePath(of: path)
            let writer = pipeline.stages.first { stage in
                stage.outputs.contains { relative == $0.path || relative.hasPrefix($0.path + "/") }
            }
            if let writer { selected.names.append(writer.name) } else { rest.append(path) }
        }
        return (rest, selected)
    }

    /// The pointer outputs to record: modified ones, and unchanged ones whose object is not in
    /// the cache (added with `--no-commit`). Decided for every output before any is recorded.
    private func planPointers(_ targets: [String]) throws -> [(ScannedData, Pointer)] {
        let outputs = try workspace.trackedOutputs(for: targets)
        let status = StatusOperation(workspace: workspace)
        let add = AddOperation(workspace: workspace)
        var planned: [(ScannedData, Pointer)] = []
        var seen = Set<String>()
        for tracked in outputs where seen.insert(tracked.dataPath).inserted {
            let entry = try status.entry(for: tracked)
            switch entry.state {
            case .unchanged where entry.inCache:
                continue
            case .deleted:
                throw TrackingError(path: tracked.dataPath, message: "is deleted from the workspace",
                                    hint: "'mlx checkout \(tracked.dataPath)' restores it; 'mlx remove \(tracked.pointerPath)' stops tracking it")
            case .unchanged, .modified:
                planned.append((try add.scan(tracked.dataPath), try workspace.readPointer(tracked.pointerPath)))
            }
        }
        return planned
    }
}
