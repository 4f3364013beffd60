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
}
