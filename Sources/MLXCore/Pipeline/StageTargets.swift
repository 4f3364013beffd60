/// Command-line targets split into stages of `mlx.yaml` and tracked paths, as `dvc commit` and
/// `dvc checkout` take them: a stage name (`train`, `train@cnn`), a `foreach`/`matrix` group,
/// `mlx.yaml:NAME`, or `mlx.yaml` itself for every stage; anything else is a path.
///
/// A plain name is a stage only when nothing is at that path and no pointer file names it, so
/// data that happens to share a stage's name keeps its older meaning.
public struct StageTargets: Sendable {
    /// Stage or group names, without the `mlx.yaml:` prefix.
    public var names: [String] = []
    /// Whether `mlx.yaml` itself was named: every stage.
    public var wholePipeline = false
    /// The targets that are paths, as written.
    public var paths: [String] = []

    /// Whether any target names stages.
    public var namesStages: Bool { wholePipeline || !names.isEmpty }

    /// Splits `targets`; `absolute` resolves a path target against the current folder. A broken
    /// `mlx.yaml` makes plain names paths (which then fail as untracked data), so checking out
    /// data does not depend on the pipeline being readable.
    public init(_ targets: [String], projectRoot: String, absolute: (String) -> String) {
        var stageNames: Set<String>?
        for target in targets {
            if let name = PipelineStatusOperation.stageName(of: target) {
                names.append(name)
                continue
            }
            let path = absolute(target)
            if path == projectRoot + "/" + Pipeline.fileName {
                wholePipeline = true
                continue
            }
            if Syscall.exists(path) || Syscall.exists(path + PointerScanner.suffix) || !Pipeline.exists(in: projectRoot) {
                paths.append(target)
                continue
            }
            if stageNames == nil {
                let stages = (try? Pipeline.load(projectRoot: projectRoot))?.stages ?? []
                stageNames = Set(stages.flatMap { [$0.name, $0.groupName] })
            }
            if stageNames!.contains(target) {
                names.append(target)
            } else {
                paths.append(target)
            }
        }
    }

    /// The stages named, as indices into `graph`'s pipeline; an unknown name is an error.
    public func resolve(in graph: PipelineGraph) throws -> Set<Int> {
        if wholePipeline { return Set(graph.pipeline.stages.indices) }
        return try graph.resolve(targets: names)
    }
}
