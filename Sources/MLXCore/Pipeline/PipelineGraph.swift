/// The dependency graph of a pipeline (SPEC §5): stage B depends on stage A when one of B's
/// deps is an output of A, lies inside one, or contains one.
///
/// Building it checks what would make `mlx repro` ambiguous: two stages writing the same
/// output, an output inside another output, and cycles — each an error naming the stages.
public struct PipelineGraph: Sendable {
    public let pipeline: Pipeline
    /// For each stage index, the indices of the stages it depends on (sorted).
    public let upstream: [[Int]]
    /// For each stage index, the indices of the stages that depend on it (sorted).
    public let downstream: [[Int]]
    /// Every stage index, dependencies before dependents; ties keep `mlx.yaml` order.
    public let order: [Int]

    public init(_ pipeline: Pipeline) throws(PipelineError) {
        self.pipeline = pipeline
        let stages = pipeline.stages
        // Outputs, sorted by path so nesting checks look only at neighbours.
        var owners: [(path: String, stage: Int)] = []
        for (index, stage) in stages.enumerated() {
            for output in stage.outputs { owners.append((output.path, index)) }
        }
        owners.sort { ByteOrder.precedes($0.path, $1.path) }
        for (position, owner) in owners.enumerated() {
            // Any output nested in `owner` sorts right after it (a `/` prefix keeps them together
            // except for siblings such as `a-b`, which the loop steps over).
            var next = position + 1
            while next < owners.count, owners[next].path.hasPrefix(owner.path) {
                let other = owners[next]
                if other.path == owner.path {
                    throw PipelineGraph.error(stages[owner.stage],
                        "output `\(owner.path)` is written by both stage '\(stages[owner.stage].name)' and stage '\(stages[other.stage].name)'",
                        hint: "each file or folder can be the output of one stage only")
                }
                if other.path.hasPrefix(owner.path + "/") {
                    throw PipelineGraph.error(stages[other.stage],
                        "output `\(other.path)` of stage '\(stages[other.stage].name)' is inside output `\(owner.path)` of stage '\(stages[owner.stage].name)'",
                        hint: "outputs cannot nest: make the folder one output, or list its files instead")
                }
                next += 1
            }
        }

        var upstream = [Set<Int>](repeating: [], count: stages.count)
        for (index, stage) in stages.enumerated() {
            for dep in stage.deps {
                for owner in PipelineGraph.owners(of: dep, in: owners) {
                    if owner == index {
                        throw PipelineGraph.error(stage, "stage '\(stage.name)' depends on its own output (`\(dep)`)",
                                                  hint: "a stage cannot read what it writes; split it in two")
                    }
                    upstream[index].insert(owner)
                }
            }
        }
        self.upstream = upstream.map { $0.sorted() }
        var downstream = [[Int]](repeating: [], count: stages.count)
        for (index, parents) in self.upstream.enumerated() {
            for parent in parents { downstream[parent].append(index) }
        }
        self.downstream = downstream

        // Kahn's algorithm, always taking the earliest-defined ready stage.
        var remaining = self.upstream.map(\.count)
        var ready = Set(remaining.indices.filter { remaining[$0] == 0 })
        var order: [Int] = []
        while let next = ready.min() {
            ready.remove(next)
            order.append(next)
            for child in downstream[next] {
                remaining[child] -= 1
                if remaining[child] == 0 { ready.insert(child) }
            }
        }
        if order.count < stages.count {
            let cycle = PipelineGraph.findCycle(upstream: self.upstream, among: Set(remaining.indices.filter { remaining[$0] > 0 }))
            let names = cycle.map { "'\(stages[$0].name)'" }
            throw PipelineGraph.error(stages[cycle[0]], "stages form a cycle: \(names.joined(separator: " -> "))",
                                      hint: "a stage cannot depend, directly or not, on its own outputs")
        }
        self.order = order
    }

    /// Stages (indices) whose outputs `dep` is, lies inside, or contains.
    private static func owners(of dep: String, in owners: [(path: String, stage: Int)]) -> Set<Int> {
        var result = Set<Int>()
        for owner in owners where owner.path == dep || dep.hasPrefix(owner.path + "/") || owner.path.hasPrefix(dep + "/") {
            result.insert(owner.stage)
        }
        return result
    }

    /// A cycle among `nodes` (each has a parent in `nodes`), as a path that returns to its start.
    private static func findCycle(upstream: [[Int]], among nodes: Set<Int>) -> [Int] {
        var path: [Int] = []
        var current = nodes.min()!
        while !path.contains(current) {
            path.append(current)
            current = upstream[current].first { nodes.contains($0) }!
        }
        let cycle = Array(path[path.firstIndex(of: current)!...]) + [current]
        return cycle.reversed()
    }

    private static func error(_ stage: Stage, _ message: String, hint: String) -> PipelineError {
        PipelineError(file: Pipeline.fileName, line: stage.line, column: stage.column, message: message, hint: hint)
    }

    /// The index of the stage called `name`.
    public func index(of name: String) -> Int? {
        pipeline.stages.firstIndex { $0.name == name }
    }

    /// `roots` and every stage they depend on, directly or not.
    public func ancestors(of roots: Set<Int>) -> Set<Int> {
        closure(roots, edges: upstream)
    }

    /// `roots` and every stage that depends on them, directly or not.
    public func descendants(of roots: Set<Int>) -> Set<Int> {
        closure(roots, edges: downstream)
    }

    private func closure(_ roots: Set<Int>, edges: [[Int]]) -> Set<Int> {
        var seen = roots
        var stack = Array(roots)
        while let next = stack.popLast() {
            for neighbour in edges[next] where seen.insert(neighbour).inserted { stack.append(neighbour) }
        }
        return seen
    }

    /// The stages `targets` name: exact stage names, or a `foreach`/`matrix` group name for
    /// all its stages. Unknown names are an error.
    public func resolve(targets: [String]) throws -> Set<Int> {
        var result = Set<Int>()
        for target in targets {
            if let index = index(of: target) {
                result.insert(index)
                continue
            }
            let group = pipeline.stages.indices.filter { pipeline.stages[$0].groupName == target }
            guard !group.isEmpty else {
                throw PipelineError(file: Pipeline.fileName, message: "no stage named '\(target)'",
                                    hint: "'mlx stage list' shows the stages")
            }
            result.formUnion(group)
        }
        return result
    }
}
