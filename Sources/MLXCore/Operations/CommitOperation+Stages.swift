/// `mlx commit STAGE`, as `dvc commit` commits a stage: records the stage's current deps,
/// params, command and outputs in `mlx.lock` and its outputs in the cache, without running it —
/// for an output edited by hand, or a change to an input known not to matter.
///
/// Unlike `repro`, the run cache is not written: a hand-edited output is not what the command
/// makes from these inputs, so no later `repro` should restore it as if it were.
extension CommitOperation {
    /// The stages to record, each with its scanned outputs and new lock entry.
    struct StagePlan {
        var lock: PipelineLock
        var stages: [(stage: Stage, outputs: [ScannedData], entry: LockedStage, changes: [StageChange])]
    }

    /// Every selected stage (nil: all) whose lock entry differs from the workspace or whose
    /// outputs are not in the cache, in dependency order. A stage that cannot be recorded (a
    /// dependency or output missing, a params file unreadable) is an error naming it.
    func planStages(_ targets: StageTargets?) throws -> StagePlan {
        let root = workspace.project.root
        let graph = try PipelineGraph(try Pipeline.load(projectRoot: root))
        let lock = try PipelineLock.read(projectRoot: root)
        let selected = try targets?.resolve(in: graph) ?? Set(graph.pipeline.stages.indices)
        let judge = StageJudge(workspace: workspace)
        var plan = StagePlan(lock: lock, stages: [])
        for index in graph.order where selected.contains(index) {
            let stage = graph.pipeline.stages[index]
            let inputs = try judge.inputs(of: stage)
            if let dep = inputs.missingDeps.first {
                throw StageError(stage: stage.name, message: "cannot be committed: dependency '\(dep)' does not exist",
                                 hint: "create it, or track it with 'mlx add', then commit again")
            }
            var outs: [LockedArtifact] = []
            for output in stage.outputs {
                // What is recorded must be the project's own data, as `add` and `repro` insist: a
                // folder on the way (or the output itself) linking out — a symlink a cloned
                // repository committed — would put an outside file into the cache and the lock.
                _ = try ProjectPath(validating: output.path).resolved(under: root, cacheObjects: workspace.sharedCacheObjects)
                guard let current = try workspace.summary(of: output.path) else {
                    let restore = lock.stages[stage.name] == nil ? "" : "'mlx checkout \(stage.name)' restores the recorded one, "
                    throw StageError(stage: stage.name, message: "cannot be committed: output '\(output.path)' does not exist",
                                     hint: restore + "'mlx repro \(stage.name)' runs the stage to make it")
                }
                outs.append(LockedArtifact(current))
            }
            let entry = LockedStage(commands: stage.commands, commandIsList: stage.commandIsList,
                                    deps: inputs.deps, params: inputs.params, outs: outs)
            let changes = CommitOperation.differences(entry, from: lock.stages[stage.name])
            if changes.isEmpty && outs.allSatisfy({ workspace.store.contains($0.oid) }) { continue }
            var scanned: [ScannedData] = []
            for output in stage.outputs {
                guard let data = try workspace.scan(output.path) else {
                    throw StageError(stage: stage.name, message: "cannot be committed: output '\(output.path)' was deleted while it was read")
                }
                scanned.append(data)
            }
            // What was scanned is what is recorded, should an output change since its summary.
            let recorded = LockedStage(commands: entry.commands, commandIsList: entry.commandIsList, deps: entry.deps,
                                       params: entry.params, outs: scanned.map { LockedArtifact($0.summary) })
            plan.stages.append((stage, scanned, recorded, changes))
        }
        return plan
    }

    /// Caches each planned stage's outputs (objects durable first), links and ignores those
    /// `mlx.yaml` caches, then writes `mlx.lock` once, atomically.
    func record(_ plan: StagePlan) throws -> [StageResult] {
        guard !plan.stages.isEmpty else { return [] }
        var lock = plan.lock
        for (stage, scanned, _, _) in plan.stages {
            for (output, data) in zip(stage.outputs, scanned) {
                let stored = try workspace.storeObjects(of: data)
                guard output.cache else { continue }
                try workspace.relinkToCache(data, clonedFromWorkspace: stored.clonedFromWorkspace)
                try GitignoreEditor.add(Syscall.baseName(of: output.path), in: Syscall.directoryName(of: workspace.absolute(output.path)))
            }
        }
        for (stage, _, entry, _) in plan.stages { lock.stages[stage.name] = entry }
        try lock.write(projectRoot: workspace.project.root)
        return plan.stages.map { StageResult(stage: $0.stage.name, changes: $0.changes) }
    }

    /// How `entry` differs from the recorded `locked`: every changed param key, dependency and
    /// output, and the command. Params compare as `repro` compares them (`1` equals `1.0`).
    static func differences(_ entry: LockedStage, from locked: LockedStage?) -> [StageChange] {
        guard let locked else { return [.neverRun] }
        var changes: [StageChange] = []
        var params: [String] = []
        for file in Set(entry.params.keys).union(locked.params.keys).sorted() {
            let now = entry.params[file] ?? [:]
            let then = locked.params[file] ?? [:]
            for key in Set(now.keys).union(then.keys).sorted() where !ParamValue.equivalent(now[key], then[key]) {
                params.append(file == ParamsFile.defaultName ? key : "\(file):\(key)")
            }
        }
        if !params.isEmpty { changes.append(.paramsChanged(params)) }
        let deps = differingPaths(entry.deps, locked.deps)
        if !deps.isEmpty { changes.append(.depsChanged(deps)) }
        if entry.commands != locked.commands { changes.append(.commandChanged) }
        let outs = differingPaths(entry.outs, locked.outs)
        if !outs.isEmpty { changes.append(.outputsModified(outs)) }
        return changes
    }

    /// The paths listed in only one of the two, or recorded differently, in path order.
    private static func differingPaths(_ now: [LockedArtifact], _ then: [LockedArtifact]) -> [String] {
        let old = Dictionary(then.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(now.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        return Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted { ByteOrder.precedes($0, $1) }
    }

    /// The stages that differ from `mlx.lock` in what `mlx commit` could record (not only a
    /// deleted output the cache restores, nor `always_changed`), as `mlx status` judges them;
    /// none when the pipeline cannot be judged (that error belongs to `status` and `repro`).
    func stagesLeftUnrecorded() -> [String] {
        guard Pipeline.exists(in: workspace.project.root),
              let report = try? PipelineStatusOperation(workspace: workspace).status(stages: []) else { return [] }
        return report.entries.filter { entry in
            entry.changes.contains { change in
                switch change {
                case .alwaysChanged, .callback, .outputsMissing: false
                default: true
                }
            }
        }.map(\.stage)
    }
}
