/// `mlx status` for the pipeline, as `dvc status` reports stages: every stage that is not up to
/// date with `mlx.lock`, with the reasons `repro` would give. Nothing runs and nothing is written
/// but the hash index.
public struct PipelineStatusOperation {
    /// One stage that differs from its lock entry.
    public struct Entry: Sendable, Encodable, Equatable {
        public let stage: String
        public let changes: [StageChange]

        enum CodingKeys: String, CodingKey { case stage, changes }

        private struct Change: Encodable {
            let kind: String
            let items: [String]
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(changes.map { Change(kind: $0.kind, items: $0.items) }, forKey: .changes)
        }
    }

    public struct Report {
        public var entries: [Entry] = []
        /// Stages that could not be judged (a params file missing, a malformed one), each named.
        public var errors: [any Error] = []

        public init() {}
    }

    let workspace: Workspace
    let graph: PipelineGraph
    var pipeline: Pipeline { graph.pipeline }
    let lock: PipelineLock

    /// Reads `mlx.yaml` (checking its graph) and `mlx.lock`.
    public init(workspace: Workspace) throws {
        self.workspace = workspace
        graph = try PipelineGraph(try Pipeline.load(projectRoot: workspace.project.root))
        lock = try PipelineLock.read(projectRoot: workspace.project.root)
    }

    /// Whether `target` names a stage or a foreach/matrix group.
    public func namesStage(_ target: String) -> Bool {
        (try? graph.resolve(targets: [target])) != nil
    }

    /// The stages `targets` name (stage or group names, `mlx.yaml:name` too; none: every stage)
    /// that differ, in `mlx.yaml` order. Frozen stages never differ.
    public func status(stages targets: [String]) throws -> Report {
        let selected = targets.isEmpty ? Set(pipeline.stages.indices)
            : try graph.resolve(targets: targets.map { PipelineStatusOperation.stageName(of: $0) ?? $0 })
        let judge = StageJudge(workspace: workspace)
        var report = Report()
        for (index, stage) in pipeline.stages.enumerated() where selected.contains(index) && !stage.frozen {
            do {
                let inputs = try judge.inputs(of: stage)
                switch try judge.verdict(stage, inputs: inputs, locked: lock.stages[stage.name]) {
                case .upToDate(let missing) where missing.isEmpty:
                    continue
                case .upToDate(let missing):
                    report.entries.append(Entry(stage: stage.name, changes: [.outputsMissing(missing.map(\.path), restorable: true)]))
                case .changed(let changes):
                    report.entries.append(Entry(stage: stage.name, changes: changes))
                }
            } catch {
                report.errors.append(error)
            }
        }
        try workspace.saveIndex()
        return report
    }

    /// The stage a target names as DVC writes it, `mlx.yaml:train` (or `dvc.yaml:train`), or nil
    /// for a plain name or path.
    public static func stageName(of target: String) -> String? {
        for file in [Pipeline.fileName, "dvc.yaml"] where target.hasPrefix(file + ":") {
            return String(target.dropFirst(file.count + 1))
        }
        return nil
    }
}
