import Foundation
import MLXTestSupport
import Testing

/// DVC's example-get-started, as a DVC user brings it: `dvc.yaml` renamed to `mlx.yaml`, with
/// its top-level `metrics`, `plots` and `artifacts` (Fixtures/pipelines/get-started).
@Suite struct GetStartedTests {
    static func project() throws -> PipelineProject {
        let project = try PipelineProject()
        try project.copyFixture("pipelines/get-started")
        return project
    }

    @Test func theDVCShapedPipelineLoadsReproducesAndSkipsWhenNothingChanged() throws {
        let project = try Self.project()
        let list = try project.mlx("stage", "list")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) } == ["prepare", "featurize", "train", "evaluate"])

        let first = try project.mlx("repro")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("running stage 'evaluate'"))
        #expect(project.text("eval/metrics.json") != nil)
        let again = try project.mlx("repro")
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("skipped (unchanged)") }, "\(again.stdout)")
    }

    @Test func topLevelMetricsInsideADirectoryOutputAreShownAndDiffedAcrossRevisions() throws {
        let project = try Self.project()
        #expect(try project.mlx("repro").status == 0)
        let show = try project.mlx("metrics", "show")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("eval/metrics.json"))
        #expect(show.stdout.contains("roc_auc.test"))

        try Shell.run("git add -A && git commit -qm first", in: project.path)
        #expect(try Shell.run("git ls-files eval", in: project.path).stdout.isEmpty, "eval is a cached output, not in git")
        try project.write("params.yaml", try #require(project.text("params.yaml")).replacingOccurrences(of: "n_est: 50", with: "n_est: 60"))
        let params = try project.mlx("params", "diff")
        #expect(params.stdout.contains("train.n_est"), "\(params.stdout)")
        let rerun = try project.mlx("repro")
        #expect(rerun.stdout.contains("stage 'prepare': skipped (unchanged)"))
        #expect(rerun.stdout.contains("stage 'train': params changed (train.n_est)"), "\(rerun.stdout)")

        // HEAD's eval/metrics.json lives only in the cache, inside HEAD's `eval` directory.
        let diff = try project.mlx("metrics", "diff", "--all")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("eval/metrics.json  roc_auc.test"), "\(diff.stdout)")
        #expect(!diff.stdout.contains("  -  "), "HEAD's values are read, not shown as missing: \(diff.stdout)")
    }

    @Test func badTopLevelSectionsAreRefusedWithTheirPlace() throws {
        let cases: [(String, String)] = [
            ("metrics:\n- ../outside.json\n", "mlx.yaml:2:3: path `../outside.json` escapes the project through `..`"),
            ("plots:\n- ROC:\n    colour: red\n", "mlx.yaml:3:5: unknown property `colour` of plot `ROC`"),
            ("plots:\n- a.json\n- a.json\n", "mlx.yaml:3:3: plot `a.json` is defined twice"),
            ("artifacts:\n  Model_1:\n    path: m.pkl\n", "mlx.yaml:2:3: artifact name `Model_1` may only hold lower-case letters, digits and inner `-`"),
            ("artifacts:\n  model:\n    type: model\n", "mlx.yaml:2:3: artifact `model` has no `path`"),
            ("report:\n- a\n", "mlx.yaml:1:1: unknown key `report`"),
        ]
        for (text, expected) in cases {
            let project = try PipelineProject(["mlx.yaml": "stages:\n  s:\n    cmd: echo s\n" + text])
            let result = try project.mlx("stage", "list")
            #expect(result.status == 1)
            let shifted = expected.replacingOccurrences(of: #"mlx\.yaml:(\d+)"#, with: "mlx.yaml:$1", options: .regularExpression)
            let line = Int(shifted.split(separator: ":")[1])! + 3
            let located = "mlx.yaml:\(line):" + shifted.split(separator: ":", maxSplits: 2)[2]
            #expect(result.stderr.hasPrefix("mlx: error: " + located), "\(result.stderr)")
            #expect(project.text("mlx.yaml") == "stages:\n  s:\n    cmd: echo s\n" + text)
        }
    }
}
