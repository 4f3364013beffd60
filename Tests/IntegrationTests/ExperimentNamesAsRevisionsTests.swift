import Foundation
import MLXTestSupport
import Testing

/// As in DVC, an experiment's name stands for its commit wherever a revision is asked for.
@Suite struct ExperimentNamesAsRevisionsTests {
    @Test func paramsAndMetricsDiffTakeExperimentNames() throws {
        let project = try ExperimentProject()
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.02", "-n", "low"))
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.5", "-n", "high"))

        let params = try project.mlx("params", "diff", "low", "high")
        try expectSuccess(params)
        #expect(params.stdout.contains("train.lr"), "\(params.stdout)")
        #expect(params.stdout.contains("0.02") && params.stdout.contains("0.5"), "\(params.stdout)")

        let metrics = try project.mlx("metrics", "diff", "low", "high", "--json")
        try expectSuccess(metrics)
        #expect(metrics.stdout.contains("score"), "\(metrics.stdout)")
    }

    @Test func aNameNoExperimentHasIsStillAnUnknownRevision() throws {
        let project = try ExperimentProject()
        let result = try project.mlx("params", "diff", "nosuch")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: unknown revision 'nosuch'"), "\(result.stderr)")
    }
}
