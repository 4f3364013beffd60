/// A pipeline input tracked by a pointer file (`data/raw.csv` by `data/raw.csv.mlx`): a source
/// node of the graph, as DVC's `.dvc` files are. `repro` re-records its data when the workspace
/// copy changed before the stages that read it run, and `dag` draws it.
public struct TrackedSource: Sendable, Equatable {
    /// The pointer file, project-relative (`data/raw.csv.mlx`).
    public let pointerPath: String
    /// The data the pointer tracks, project-relative (`data/raw.csv`).
    public let dataPath: String
    /// The stages (indices) with a dependency on that data, at, inside or above it; sorted.
    public let stages: [Int]

    public init(pointerPath: String, dataPath: String, stages: [Int]) {
        self.pointerPath = pointerPath
        self.dataPath = dataPath
        self.stages = stages
    }

    /// The pointer-tracked data the stages' deps name, in pointer path order. A dep is looked
    /// up where a pointer could track it — beside it, or beside a folder holding it — so the
    /// cost is a few `stat`s per dep, never a walk of the workspace. `exists` answers for a
    /// project-relative path. A dep that is a folder holding pointer files inside is not
    /// matched: finding those would need that walk.
    public static func find(in pipeline: Pipeline, exists: (String) -> Bool) -> [TrackedSource] {
        var readers: [String: Set<Int>] = [:]
        var checked: [String: Bool] = [:]
        func tracked(_ path: String) -> Bool {
            if let known = checked[path] { return known }
            let answer = exists(path + PointerScanner.suffix)
            checked[path] = answer
            return answer
        }
        for (index, stage) in pipeline.stages.enumerated() {
            for dep in stage.deps {
                var components = dep.split(separator: "/")
                while !components.isEmpty {
                    let candidate = components.joined(separator: "/")
                    if tracked(candidate) {
                        readers[candidate, default: []].insert(index)
                        break
                    }
                    components.removeLast()
                }
            }
        }
        return readers.keys.sorted(by: ByteOrder.precedes).map {
            TrackedSource(pointerPath: $0 + PointerScanner.suffix, dataPath: $0, stages: readers[$0]!.sorted())
        }
    }

    /// The pointer-tracked data the stages of a project's `mlx.yaml` read.
    public static func find(in pipeline: Pipeline, projectRoot: String) -> [TrackedSource] {
        find(in: pipeline) { Syscall.exists(projectRoot + "/" + $0) }
    }
}
