/// The pointer-tracked inputs of `repro` (DVC's `.dvc` stages) and the data `--pull` brings.
extension ReproOperation {
    /// The sources the selected stages read. As in DVC's plan, `--single-item` and
    /// `--downstream` leave them out: they take no stage above the targets, and a source is above.
    func sources(feeding selected: Set<Int>, _ options: ReproOptions) -> [TrackedSource] {
        let stagesOnly = !options.targets.isEmpty && (options.singleItem || options.downstream)
            && !options.wholePipelines && !options.allPipelines
        if stagesOnly { return [] }
        return sources.filter { $0.stages.contains(where: selected.contains) }
    }

    /// Re-records the sources whose data changed in the workspace (pointer rewritten, objects
    /// cached, as `mlx commit` does), before any stage reading them is judged; `dryRun` only
    /// says which would be. Missing data is left to the stages that need it.
    func refresh(_ sources: [TrackedSource], dryRun: Bool, events: (ReproEvent) -> Void) throws -> [SourceOutcome] {
        let status = StatusOperation(workspace: workspace)
        var outcomes: [SourceOutcome] = []
        for source in sources {
            let outputs = TrackedOutput.outputs(of: try workspace.readPointer(source.pointerPath), at: source.pointerPath)
            var action = SourceOutcome.Action.unchanged
            for tracked in outputs where tracked.dataPath == source.dataPath {
                switch try status.entry(for: tracked).state {
                case .unchanged: continue
                case .deleted: action = .missing
                case .modified:
                    if !dryRun { _ = try CommitOperation(workspace: workspace).commit([workspace.absolute(source.dataPath)]) }
                    action = dryRun ? .wouldCommit : .committed
                }
            }
            let outcome = SourceOutcome(pointer: source.pointerPath, path: source.dataPath, action: action)
            events(.source(outcome))
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Every stage output `mlx.lock` records, path → oid (the first stage's, were two to differ).
    func recordedOutputs() -> [String: ObjectID] {
        Dictionary(lock.stages.values.flatMap(\.outs).map { ($0.path, $0.oid) }, uniquingKeysWith: { first, _ in first })
    }

    /// What `--allow-missing` lets a stage go without: its missing deps, and its recorded
    /// outputs that are gone from the workspace and the cache.
    func absentData(of stage: Stage, inputs: Inputs, locked: LockedStage?) -> [String] {
        let outputs = (locked?.outs ?? []).filter { !Syscall.exists(workspace.absolute($0.path)) && !isInCache($0) }
        return inputs.missingDeps + outputs.map(\.path)
    }

    /// `--pull`: fetches from the remote, in one transfer, the data the selected stages need
    /// that is neither in the workspace nor in the cache — the sources' data (then checked out,
    /// as `mlx pull` would), the outputs `mlx.lock` records for the stages (restored by the
    /// stages themselves when unchanged), and the recorded outputs of stages not selected that
    /// they read (checked out, as no selected stage restores them). A failure is reported and
    /// the stages go on as they would without the data.
    func pullMissingData(_ sources: [TrackedSource], stages order: [Int], from remote: ReproDataRemote,
                         events: (ReproEvent) -> Void) throws {
        func absent(_ path: String) -> Bool { !Syscall.exists(workspace.absolute(path)) }
        var toCheckOut: [TrackedOutput] = []
        for source in sources where absent(source.dataPath) {
            toCheckOut += TrackedOutput.outputs(of: try workspace.readPointer(source.pointerPath), at: source.pointerPath)
                .filter { $0.dataPath == source.dataPath }
        }
        let selected = Set(order)
        var producers: [String: (stage: Int, artifact: LockedArtifact)] = [:]
        for (index, stage) in pipeline.stages.enumerated() {
            for artifact in lock.stages[stage.name]?.outs ?? [] where stage.outputs.contains(where: { $0.path == artifact.path && $0.cache }) {
                producers[artifact.path] = (index, artifact)
            }
        }
        var toFetch = toCheckOut
        var seen = Set(toFetch.map(\.dataPath))
        for index in order {
            for output in pipeline.stages[index].outputs {
                if let produced = producers[output.path], absent(output.path), !isInCache(produced.artifact),
                   seen.insert(output.path).inserted {
                    toFetch.append(ObjectCollector.tracked(produced.artifact))
                }
            }
            for dep in pipeline.stages[index].deps {
                guard let produced = producers[dep], !selected.contains(produced.stage), absent(dep) else { continue }
                let tracked = ObjectCollector.tracked(produced.artifact)
                toCheckOut.append(tracked)
                if !isInCache(produced.artifact), seen.insert(dep).inserted { toFetch.append(tracked) }
            }
        }
        guard !toFetch.isEmpty || !toCheckOut.isEmpty else { return }
        let fetcher = FetchOperation(workspace: workspace, remote: remote.remote, queue: remote.queue, sourceControl: nil)
        let report = fetcher.fetch(toFetch.map { ObjectCollector.Output(tracked: $0, revision: nil) })
        if report.fetched > 0 { events(.pulled(objects: report.fetched, remote: remote.name)) }
        for error in report.errors { events(.pullFailed(error)) }
        let arrived = toCheckOut.filter { tracked in tracked.output.objectID.map { !report.failedObjects.contains($0) } ?? false }
        let checkout = try CheckoutOperation(workspace: workspace, verified: report.verified).checkout(arrived, force: false, relink: false)
        for error in checkout.errors { events(.pullFailed(error)) }
    }
}
