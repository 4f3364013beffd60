import Foundation
import MLXTestSupport
import Testing

/// `mlx remove STAGE`, as `dvc remove`: the stage leaves mlx.yaml and mlx.lock, its outputs
/// leave .gitignore, and with --outs the workspace.
@Suite struct RemoveStageTests {
    @Test func aStageLeavesThePipelineTheLockAndGitignoreAndOnlyItsLinesChange() throws {
        let project = try PipelineProject(["mlx.yaml": FreezeCommandTests.pipeline, "input.txt": "one\n"])
        #expect(try project.mlx("repro").status == 0)
        #expect(project.text(".gitignore")?.contains("/model.txt") == true)

        let result = try project.mlx("remove", "train")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "removed stage 'train'\n")
        #expect(project.text("mlx.yaml") == FreezeCommandTests.pipeline.replacingOccurrences(of: """
              # the model
              train:
                cmd: echo train >> log.txt && cp prepared.txt model.txt
                deps: [prepared.txt]
                outs: [model.txt]

            """, with: "  # the model\n"))
        #expect(project.text("mlx.lock")?.contains("train") == false)
        #expect(project.text("mlx.lock")?.contains("prepare") == true)
        #expect(project.text(".gitignore")?.contains("/model.txt") == false)
        #expect(project.text("model.txt") == "one\n", "the output stays without --outs")
        #expect(try project.mlx("status").stdout.contains("up to date"))
    }

    @Test func withOutsTheOutputsGoAndBadNamesChangeNothing() throws {
        let project = try PipelineProject(["mlx.yaml": FreezeCommandTests.pipeline, "input.txt": "one\n"])
        #expect(try project.mlx("repro").status == 0)
        let before = project.text("mlx.yaml")
        let unknown = try project.mlx("remove", "train", "nope")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("mlx: error: mlx.yaml: no stage named 'nope'") || unknown.stderr.contains("nope"), "\(unknown.stderr)")
        #expect(project.text("mlx.yaml") == before)

        #expect(try project.mlx("remove", "--outs", "mlx.yaml:train").status == 0)
        #expect(project.text("model.txt") == nil)
        #expect(project.text("prepared.txt") == "one\n")
    }
}
