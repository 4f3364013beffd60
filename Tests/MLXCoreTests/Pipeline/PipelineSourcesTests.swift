@testable import MLXCore
import Testing

/// Pointer-tracked inputs as graph nodes, whole pipelines (`repro -p`), and how `dag` draws them.
@Suite struct PipelineSourcesTests {
    private func stage(_ name: String, deps: [String] = [], outs: [String] = []) -> Stage {
        Stage(name: name, commands: ["true"], commandIsList: false, wdir: "", deps: deps, params: [],
              outputs: outs.map { StageOutput(path: $0, kind: .out, cache: true, persist: false) },
              frozen: false, alwaysChanged: false, desc: nil, line: 1, column: 1)
    }

    /// prepare → train; `report` reads the same tracked data as `prepare`; `lonely` stands alone.
    private var pipeline: Pipeline {
        Pipeline(stages: [
            stage("prepare", deps: ["data/raw.csv"], outs: ["prepared"]),
            stage("train", deps: ["prepared", "data/images/cat.png"], outs: ["model"]),
            stage("report", deps: ["data/raw.csv"], outs: ["report.txt"]),
            stage("lonely", deps: ["notes.txt"], outs: ["lonely.txt"]),
        ])
    }

    @Test func depsTrackedByAPointerBesideThemOrBesideAFolderHoldingThemAreSources() {
        var looked: [String] = []
        let sources = TrackedSource.find(in: pipeline) { path in
            looked.append(path)
            return ["data/raw.csv.mlx", "data/images.mlx"].contains(path)
        }
        #expect(sources == [
            TrackedSource(pointerPath: "data/images.mlx", dataPath: "data/images", stages: [1]),
            TrackedSource(pointerPath: "data/raw.csv.mlx", dataPath: "data/raw.csv", stages: [0, 2]),
        ])
        // Only the deps and the folders above them are looked at, each once: no walk.
        #expect(Set(looked) == ["data/raw.csv.mlx", "prepared.mlx", "data/images/cat.png.mlx", "data/images.mlx",
                                "notes.txt.mlx"])
        #expect(looked.count == Set(looked).count)
    }

    @Test func stagesReadingTheSameTrackedDataFormOnePipeline() throws {
        let graph = try PipelineGraph(pipeline)
        #expect(graph.pipelines(joinedBy: []) == [[0, 1], [2], [3]])
        let sources = [TrackedSource(pointerPath: "data/raw.csv.mlx", dataPath: "data/raw.csv", stages: [0, 2])]
        #expect(graph.pipelines(joinedBy: sources) == [[0, 1, 2], [3]])
        #expect(graph.wholePipelines(of: [1], joinedBy: sources) == [0, 1, 2])
        #expect(graph.wholePipelines(of: [3], joinedBy: sources) == [3])
        #expect(graph.wholePipelines(of: [1, 3], joinedBy: []) == [0, 1, 3])
    }

    @Test func aPipelineHoldsStagesLinkedEitherWay() throws {
        // a → c ← b: b is neither above nor below a, but in its pipeline.
        let graph = try PipelineGraph(Pipeline(stages: [
            stage("a", outs: ["a.txt"]), stage("b", outs: ["b.txt"]), stage("c", deps: ["a.txt", "b.txt"], outs: ["c.txt"]),
        ]))
        #expect(graph.wholePipelines(of: [0], joinedBy: []) == [0, 1, 2])
    }

    @Test func dagDrawsTheSourcesOfTheShownStages() throws {
        let graph = try PipelineGraph(pipeline)
        let sources = [TrackedSource(pointerPath: "data/raw.csv.mlx", dataPath: "data/raw.csv", stages: [0, 2])]
        #expect(graph.renderList([0, 1], sources: sources) == "data/raw.csv.mlx\nprepare <- data/raw.csv.mlx\ntrain <- prepare\n")
        #expect(graph.renderList([3], sources: sources) == "lonely\n")
        #expect(graph.renderDot([0], sources: sources) == "strict digraph {\n\t\"prepare\";\n\t\"data/raw.csv.mlx\";\n\t\"data/raw.csv.mlx\" -> \"prepare\";\n}\n")
        #expect(graph.renderMermaid([0, 2], sources: sources)
                == "flowchart TD\n\tnode1[\"prepare\"]\n\tnode2[\"report\"]\n\tnode3[\"data/raw.csv.mlx\"]\n\tnode3-->node1\n\tnode3-->node2\n")
    }
}
