/// Whole pipelines: DVC's `repro --pipeline` runs every stage connected to a target, whichever
/// way the edges point.
extension PipelineGraph {
    /// The pipelines of the graph: sets of stages linked by dependencies, directly or through
    /// data a pointer file tracks that they read (the pointer is a node of DVC's graph too, so
    /// two stages reading it belong to one pipeline). Ordered by their first stage in `mlx.yaml`.
    public func pipelines(joinedBy sources: [TrackedSource]) -> [Set<Int>] {
        var neighbours = upstream.enumerated().map { index, parents in Set(parents).union(downstream[index]) }
        for source in sources {
            for stage in source.stages { neighbours[stage].formUnion(source.stages) }
        }
        var pipelineOf = [Int?](repeating: nil, count: neighbours.count)
        var pipelines: [Set<Int>] = []
        for start in neighbours.indices where pipelineOf[start] == nil {
            var members: Set<Int> = [start]
            var stack = [start]
            while let next = stack.popLast() {
                for neighbour in neighbours[next] where members.insert(neighbour).inserted { stack.append(neighbour) }
            }
            for member in members { pipelineOf[member] = pipelines.count }
            pipelines.append(members)
        }
        return pipelines
    }

    /// Every stage of the pipelines that hold one of `targets`.
    public func wholePipelines(of targets: Set<Int>, joinedBy sources: [TrackedSource]) -> Set<Int> {
        pipelines(joinedBy: sources).filter { !$0.isDisjoint(with: targets) }.reduce(into: Set()) { $0.formUnion($1) }
    }
}
