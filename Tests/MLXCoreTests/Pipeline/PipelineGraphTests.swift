@testable import MLXCore
import Testing

@Suite struct PipelineGraphTests {
    private func stage(_ name: String, deps: [String] = [], outs: [String] = []) -> Stage {
        Stage(name: name, commands: ["true"], commandIsList: false, wdir: "", deps: deps, params: [],
              outputs: outs.map { StageOutput(path: $0, kind: .out, cache: true, persist: false) },
              frozen: false, alwaysChanged: false, desc: nil, line: 1, column: 1)
    }

    @Test func ordersByDependencyAndKeepsDefinitionOrderForTies() throws {
        let graph = try PipelineGraph(Pipeline(stages: [
            stage("evaluate", deps: ["model", "data/test"]),
            stage("train", deps: ["data/train/part1.csv"], outs: ["model"]),
            stage("split", deps: ["raw"], outs: ["data"]),
            stage("other", outs: ["other.txt"]),
        ]))
        #expect(graph.order.map { graph.pipeline.stages[$0].name } == ["split", "train", "evaluate", "other"])
        #expect(graph.upstream[0] == [1, 2])
        #expect(graph.ancestors(of: [1]) == [1, 2])
        #expect(graph.descendants(of: [2]) == [0, 1, 2])
        #expect(try graph.resolve(targets: ["train"]) == [1])
    }

    @Test func anOutputInsideADependencyMakesAnEdge() throws {
        let graph = try PipelineGraph(Pipeline(stages: [stage("use", deps: ["data"]), stage("make", outs: ["data/a.csv"])]))
        #expect(graph.upstream[0] == [1])
    }

    @Test func reportsCyclesDuplicatesNestingAndSelfDependencies() {
        func message(_ stages: [Stage]) -> String? {
            do { _ = try PipelineGraph(Pipeline(stages: stages)); return nil } catch { return error.message }
        }
        #expect(message([stage("a", deps: ["b.txt"], outs: ["a.txt"]), stage("b", deps: ["c.txt"], outs: ["b.txt"]),
                         stage("c", deps: ["a.txt"], outs: ["c.txt"])]) == "stages form a cycle: 'a' -> 'c' -> 'b' -> 'a'")
        #expect(message([stage("a", outs: ["x"]), stage("b", outs: ["x"])]) == "output `x` is written by both stage 'a' and stage 'b'")
        #expect(message([stage("a", outs: ["x"]), stage("b", outs: ["x-y", "x/y"])])
                == "output `x/y` of stage 'b' is inside output `x` of stage 'a'")
        #expect(message([stage("a", deps: ["out/file"], outs: ["out"])]) == "stage 'a' depends on its own output (`out/file`)")
    }
}
