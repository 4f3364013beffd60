import Foundation
import MLXTestSupport
import Testing

/// The run cache answers with the latest result for a set of inputs, as DVC's does: `repro -f`
/// records what it ran, replacing an earlier result, and a later restore brings that one back.
@Suite struct RunCacheLatestTests {
    @Test func aForcedRunIsRecordedAndItsResultIsTheOneRestored() throws {
        // The command's result depends on something that is no input (a counter file), as a
        // training run with an unseeded random start would.
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  train:\n    cmd: echo run >> counter.log && wc -l < counter.log > model.txt\n    deps: [data.txt]\n    outs: [model.txt]\n",
            "data.txt": "v1\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        #expect(project.text("model.txt") == "1\n")
        let forced = try project.mlx("repro", "-f")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(project.text("model.txt") == "2\n")

        // Away to other inputs and back: the inputs of the first two runs are restored from the
        // run cache without running, with the forced run's result.
        try project.write("data.txt", "v2\n")
        #expect(try project.mlx("repro").status == 0)
        #expect(project.text("model.txt") == "3\n")
        try project.write("data.txt", "v1\n")
        let back = try project.mlx("repro")
        #expect(back.stdout.contains("stage 'train': restored from run cache"), "\(back.stdout)")
        #expect(project.text("model.txt") == "2\n")
        #expect(project.text("counter.log")?.split(separator: "\n").count == 3)
    }
}
