import Foundation
import MLXTestSupport
import Testing

@Suite struct MetricsCommandTests {
    static let pipeline = """
        stages:
          evaluate:
            cmd: cp scores.json metrics.json && cp extra.yaml summary.yaml
            deps: [scores.json, extra.yaml]
            metrics:
              - metrics.json:
                  cache: false
              - summary.yaml:
                  cache: false

        """

    @Test func cachedMetricsOfAnOlderRevisionAreReadFromTheCacheThroughItsLock() throws {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  evaluate:\n    cmd: cp scores.json metrics.json\n    deps: [scores.json]\n    metrics: [metrics.json]\n",
            "scores.json": "{\"acc\": 0.9, \"f1\": 0.5}\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        try Shell.run("git add -A && git commit -qm first", in: project.path)
        // The metrics file is cached and git-ignored: git has no copy of HEAD's version.
        #expect(try Shell.run("git ls-files metrics.json", in: project.path).stdout.isEmpty)
        try project.write("scores.json", "{\"acc\": 0.95, \"f1\": 0.5}\n")
        #expect(try project.mlx("repro").status == 0)
        let diff = try project.mlx("metrics", "diff")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout == """
            Path          Metric  HEAD  workspace  Change
            metrics.json  acc     0.9   0.95       0.05

            """)

        // Without the object, the old revision's file is named with what to do, and exit says so.
        try Shell.run("git add -A && git commit -qm second && chmod -R u+w .mlx/cache && rm -rf .mlx/cache/files", in: project.path)
        let missing = try project.mlx("metrics", "diff", "HEAD~1", "HEAD")
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("mlx: error: HEAD~1:metrics.json: is a cached output"), "\(missing.stderr)")
        #expect(missing.stderr.contains("mlx fetch --rev HEAD~1"))
    }

    @Test func showAndDiffReadJSONAndYAMLMetrics() throws {
        let project = try PipelineProject([
            "mlx.yaml": MetricsCommandTests.pipeline,
            "scores.json": "{\"acc\": 0.9, \"loss\": {\"train\": 0.5}}\n",
            "extra.yaml": "epochs: 3\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        let show = try project.mlx("metrics", "show")
        #expect(show.stdout == """
            Path          Metric      Value
            metrics.json  acc         0.9
            metrics.json  loss.train  0.5
            summary.yaml  epochs      3

            """)
        let json = try project.mlx("metrics", "show", "--json")
        let shown = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: Any]]
        #expect(shown?["metrics.json"]?["acc"] as? Double == 0.9)

        try Shell.run("git add -A && git commit -qm first", in: project.path)
        try project.write("scores.json", "{\"acc\": 0.95, \"loss\": {\"train\": 0.5}}\n")
        #expect(try project.mlx("repro").status == 0)
        let diff = try project.mlx("metrics", "diff")
        #expect(diff.stdout == """
            Path          Metric  HEAD  workspace  Change
            metrics.json  acc     0.9   0.95       0.05

            """)
        let diffJSON = try project.mlx("metrics", "diff", "--json")
        let document = try JSONSerialization.jsonObject(with: Data(diffJSON.stdout.utf8)) as? [String: [String: [String: Any]]]
        let change = try #require(document?["metrics.json"]?["acc"]?["diff"] as? Double)
        #expect(abs(change - 0.05) < 1e-9)
    }

    @Test func showReportsAMissingMetricsFileAndFails() throws {
        let project = try PipelineProject(["mlx.yaml": MetricsCommandTests.pipeline])
        let result = try project.mlx("metrics", "show")
        #expect(result.status == 1)
        #expect(result.stderr.contains("mlx: error: metrics.json: metrics file does not exist\n"))
    }

    @Test func markdownPrecisionAndTargetsShapeWhatCIPosts() throws {
        let project = try PipelineProject([
            "mlx.yaml": MetricsCommandTests.pipeline,
            "scores.json": "{\"acc\": 0.912345678, \"loss\": {\"train\": 0.5}}\n",
            "extra.yaml": "epochs: 3\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        let show = try project.mlx("metrics", "show", "--md", "--precision", "2", "metrics.json")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout == """
            | Path         | Metric     | Value |
            |--------------|------------|-------|
            | metrics.json | acc        | 0.91  |
            | metrics.json | loss.train | 0.5   |

            """)
        #expect(try project.mlx("metrics", "show").stdout.contains("acc         0.91235\n"))

        try Shell.run("git add -A && git commit -qm first", in: project.path)
        try project.write("scores.json", "{\"acc\": 0.95, \"loss\": {\"train\": 0.25}}\n")
        try project.write("extra.yaml", "epochs: 4\n")
        #expect(try project.mlx("repro").status == 0)
        let diff = try project.mlx("metrics", "diff", "--md", "--precision", "3", "--targets", "metrics.json")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout == """
            | Path         | Metric     | HEAD  | workspace | Change |
            |--------------|------------|-------|-----------|--------|
            | metrics.json | acc        | 0.912 | 0.95      | 0.038  |
            | metrics.json | loss.train | 0.5   | 0.25      | -0.25  |

            """)
        let summary = try project.mlx("metrics", "diff", "--targets", "summary.yaml")
        #expect(summary.stdout == """
            Path          Metric  HEAD  workspace  Change
            summary.yaml  epochs  3     4          1

            """)
        #expect(try project.mlx("metrics", "diff", "--json", "--md").status == 2)
        #expect(try project.mlx("metrics", "show", "--precision", "40").status == 2)
    }

    @Test func aScalarMetricsFileWithoutAnExtensionIsShownAndDiffed() throws {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  evaluate:\n    cmd: cp score.txt accuracy\n    deps: [score.txt]\n    metrics:\n      - accuracy:\n          cache: false\n",
            "score.txt": "0.9\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        let show = try project.mlx("metrics", "show", "--json")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("\"accuracy\" : 0.9"), "\(show.stdout)")
        try Shell.run("git add -A && git commit -qm first", in: project.path)
        try project.write("score.txt", "0.95\n")
        #expect(try project.mlx("repro").status == 0)
        let diff = try project.mlx("metrics", "diff")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.split(separator: "\n").last?.split(separator: " ").map(String.init) == ["accuracy", "0.9", "0.95", "0.05"])
    }

    @Test func aMetricsOrParamsFileLinkedOutOfTheProjectIsRefusedNotPrinted() throws {
        let outside = TemporaryDirectory()
        let secret = try outside.write("secret.yaml", "token: hunter2\n")
        let project = try PipelineProject(["mlx.yaml": "metrics: [scores.yaml]\nparams: [p.yaml]\n"])
        try FileManager.default.createSymbolicLink(atPath: project.repo.appending("scores.yaml"), withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: project.repo.appending("p.yaml"), withDestinationPath: secret)
        let show = try project.mlx("metrics", "show")
        #expect(show.status == 1)
        #expect(!show.stdout.contains("hunter2") && !show.stderr.contains("hunter2"))
        #expect(show.stderr.contains("mlx: error: scores.yaml"), "\(show.stderr)")
        let params = try project.mlx("params", "diff")
        #expect(params.status == 1)
        #expect(!params.stdout.contains("hunter2") && !params.stderr.contains("hunter2"))
    }
}
