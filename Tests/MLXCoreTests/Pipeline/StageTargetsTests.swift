import MLXTestSupport
import Testing
@testable import MLXCore

/// How command-line targets split into stages of mlx.yaml and paths.
@Suite struct StageTargetsTests {
    static func project() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory("mlx-targets")
        try directory.write("mlx.yaml", """
            stages:
              train:
                cmd: touch model
                outs: [model]
              copy:
                foreach: [a, b]
                do:
                  cmd: touch ${item}
                  outs:
                    - ${item}.out

            """)
        try directory.write("data/x.csv", "1\n")
        return directory
    }

    @Test func namesGroupsPrefixedNamesAndMlxYamlAreStagesTheRestPaths() throws {
        let directory = try Self.project()
        let targets = StageTargets(["train", "copy", "copy@a", "mlx.yaml:train", "mlx.yaml", "data/x.csv", "nope"],
                                   projectRoot: directory.path, absolute: { directory.appending($0) })
        #expect(targets.names == ["train", "copy", "copy@a", "train"])
        #expect(targets.wholePipeline)
        #expect(targets.paths == ["data/x.csv", "nope"])
        let graph = try PipelineGraph(try Pipeline.load(projectRoot: directory.path))
        #expect(try targets.resolve(in: graph) == Set(graph.pipeline.stages.indices))
    }

    @Test func anExistingPathOrPointerKeepsItsMeaningOverAStageOfTheSameName() throws {
        let directory = try Self.project()
        try directory.write("train", "data\n")
        try directory.write("copy.mlx", "outs: []\n")
        let targets = StageTargets(["train", "copy"], projectRoot: directory.path, absolute: { directory.appending($0) })
        #expect(targets.names.isEmpty && targets.paths == ["train", "copy"])
    }

    @Test func aBrokenPipelineLeavesPlainNamesAsPaths() throws {
        let directory = try Self.project()
        try directory.write("mlx.yaml", "stages: [\n")
        let targets = StageTargets(["train", "mlx.yaml:train"], projectRoot: directory.path, absolute: { directory.appending($0) })
        #expect(targets.paths == ["train"] && targets.names == ["train"])
    }
}
