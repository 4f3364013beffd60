/// Decides whether a stage is up to date with its `mlx.lock` entry (SPEC §5), without running
/// anything: `repro` acts on the verdict, `status` reports it.
public struct StageJudge {
    /// What a stage's inputs are right now.
    public struct Inputs {
        public var deps: [LockedArtifact]
        public var params: [String: [String: ParamValue]]
        /// Dependencies that do not exist (the stage cannot run).
        public var missingDeps: [String]
    }

    public enum Verdict: Equatable {
        /// Nothing changed; `missing` are recorded outputs gone from the workspace that the cache
        /// can restore.
        case upToDate(missing: [LockedArtifact])
        /// Every reason the stage must run, in a fixed order.
        case changed([StageChange])
    }

    let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// The deps' oids and the tracked params' values as they are now.
    public func inputs(of stage: Stage) throws -> Inputs {
        var deps: [LockedArtifact] = []
        var missing: [String] = []
        for dep in stage.deps {
            if let current = try workspace.summary(of: dep) {
                deps.append(LockedArtifact(current))
            } else {
                missing.append(dep)
            }
        }
        var params: [String: [String: ParamValue]] = [:]
        for dependency in stage.params {
            let path = workspace.absolute(dependency.file)
            guard Syscall.exists(path) else {
                throw StageError(stage: stage.name, message: "cannot run: params file '\(dependency.file)' does not exist")
            }
            let values = try ParamsFile.read(dependency.file, projectRoot: workspace.project.root)
            var tracked: [String: ParamValue] = [:]
            if let keys = dependency.keys {
                for key in keys {
                    guard let value = values.lookup(key) else {
                        throw PipelineError(file: dependency.file, message: "param `\(key)` (used by stage '\(stage.name)') is missing")
                    }
                    tracked[key] = value
                }
            } else if case let .dict(entries) = values {
                for entry in entries { tracked[entry.key] = entry.value }
            }
            params[dependency.file] = tracked
        }
        return Inputs(deps: deps, params: params, missingDeps: missing)
    }

    /// Whether `stage` must run, and every reason why, or which recorded outputs are missing.
    /// Every input that differs is named: a param templated into `cmd` changes both.
    ///
    /// With `allowMissing` (DVC's `--allow-missing`), data missing from the workspace is no
    /// change: a dep `locked` records, unless `recordedOutputs` (path → oid of the stage outputs
    /// `mlx.lock` records) says the stage writing it has made other data since; an output the
    /// cache cannot restore either.
    public func verdict(_ stage: Stage, inputs: Inputs, locked: LockedStage?, allowMissing: Bool = false,
                        recordedOutputs: [String: ObjectID] = [:]) throws -> Verdict {
        guard let locked else { return .changed([.neverRun]) }
        let absentDeps = allowMissing ? Set(inputs.missingDeps.filter { path in
            guard let recorded = locked.deps.first(where: { $0.path == path }) else { return false }
            return recordedOutputs[path].map { $0 == recorded.oid } ?? true
        }) : []
        let missingDeps = inputs.missingDeps.filter { !absentDeps.contains($0) }
        if !missingDeps.isEmpty { return .changed([.depsMissing(missingDeps)]) }
        if stage.alwaysChanged { return .changed([.alwaysChanged]) }
        if stage.deps.isEmpty && stage.params.isEmpty { return .changed([.callback]) }
        var changes: [StageChange] = []

        var changedParams: [String] = []
        for file in Set(inputs.params.keys).union(locked.params.keys).sorted() {
            let now = inputs.params[file] ?? [:]
            let then = locked.params[file] ?? [:]
            for key in Set(now.keys).union(then.keys).sorted() where !ParamValue.equivalent(now[key], then[key]) {
                // A tracked subtree names the leaves that changed (`train.lr`, not `train`).
                let leaves = ValueDiff.compare(file: file, old: then[key], new: now[key]).map { $0.key.isEmpty ? key : key + "." + $0.key }
                for leaf in leaves.isEmpty ? [key] : leaves {
                    changedParams.append(file == ParamsFile.defaultName ? leaf : "\(file):\(leaf)")
                }
            }
        }
        if !changedParams.isEmpty { changes.append(.paramsChanged(changedParams)) }

        let recordedDeps = Dictionary(locked.deps.map { ($0.path, $0.oid) }, uniquingKeysWith: { first, _ in first })
        let changedDeps = inputs.deps.filter { recordedDeps[$0.path] != $0.oid }.map(\.path)
            + locked.deps.map(\.path).filter { path in !absentDeps.contains(path) && !inputs.deps.contains { $0.path == path } }
        if !changedDeps.isEmpty { changes.append(.depsChanged(changedDeps)) }

        if locked.commands != stage.commands { changes.append(.commandChanged) }
        if !changes.isEmpty { return .changed(changes) }

        if Set(stage.outputs.map(\.path)) != Set(locked.outs.map(\.path)) { return .changed([.outputsRedeclared]) }
        var missing: [LockedArtifact] = []
        var modified: [String] = []
        for output in locked.outs {
            if let current = try workspace.summary(of: output.path) {
                if current.oid != output.oid { modified.append(output.path) }
            } else {
                missing.append(output)
            }
        }
        if !modified.isEmpty { return .changed([.outputsModified(modified)]) }
        let unrestorable = missing.filter { !workspace.store.containsAllObjects($0) }.map(\.path)
        if !unrestorable.isEmpty {
            if !allowMissing { return .changed([.outputsMissing(unrestorable, restorable: false)]) }
            return .upToDate(missing: missing.filter { !unrestorable.contains($0.path) })
        }
        return .upToDate(missing: missing)
    }
}
