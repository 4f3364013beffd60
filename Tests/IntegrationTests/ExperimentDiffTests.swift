import Foundation
import MLXTestSupport
import Testing

/// `exp diff`: params and metrics of an experiment against its baseline, of two experiments or
/// revisions, or of HEAD against the workspace, as `params diff` and `metrics diff` print them.
@Suite struct ExperimentDiffTests {
    @Test func withoutArgumentsComparesHeadWithTheWorkspace() throws {
        let project = try DatedExperimentProject()
        let diff = try project.mlx("exp", "diff")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout == """
            Path         Param     HEAD  workspace
            params.yaml  train.lr  0.1   0.5

            """)
    }

    @Test func oneExperimentIsComparedWithItsBaseline() throws {
        let project = try DatedExperimentProject()
        let base = project.main.prefix(7)
        let diff = try project.mlx("exp", "diff", "exp-b")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout == """
            Path          Metric  \(base)  exp-b  Change
            metrics.json  acc     0.6      0.8    0.2
            metrics.json  loss    0.4      0.2    -0.2

            Path         Param     \(base)  exp-b
            params.yaml  train.lr  0.1      0.3

            """)
    }

    @Test func twoExperimentsAreComparedWithEachOtherInMarkdown() throws {
        let project = try DatedExperimentProject()
        let diff = try project.mlx("exp", "diff", "exp-a", "exp-b", "--md")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout == """
            | Path         | Metric | exp-a | exp-b | Change |
            |--------------|--------|-------|-------|--------|
            | metrics.json | acc    | 0.7   | 0.8   | 0.1    |
            | metrics.json | loss   | 0.3   | 0.2   | -0.1   |

            | Path        | Param    | exp-a | exp-b |
            |-------------|----------|-------|-------|
            | params.yaml | train.lr | 0.2   | 0.3   |

            """)
    }

    @Test func jsonGroupsMetricsAndParamsAndAllShowsUnchangedValues() throws {
        let project = try DatedExperimentProject()
        let diff = try project.mlx("exp", "diff", "main", "exp-a", "--json", "--all")
        #expect(diff.status == 0, "\(diff.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: [String: [String: [String: Any]]]])
        #expect(document["metrics"]?["metrics.json"]?["acc"]?["new"] as? Double == 0.7)
        #expect(document["params"]?["params.yaml"]?.keys.sorted() == ["seed", "train.epochs", "train.lr"])
    }

    @Test func paramDepsLeavesOutParamsNoStageReads() throws {
        let project = try DatedExperimentProject()
        let tracked = try project.mlx("exp", "diff", "exp-a", "--all", "--param-deps")
        #expect(tracked.status == 0, "\(tracked.stderr)")
        #expect(tracked.stdout.contains("train.epochs"))
        #expect(!tracked.stdout.contains("seed"))
        #expect(try project.mlx("exp", "diff", "exp-a", "--all").stdout.contains("seed"))
    }

    @Test func anUnknownExperimentIsAnErrorNamingIt() throws {
        let project = try DatedExperimentProject()
        let diff = try project.mlx("exp", "diff", "exp-zz")
        #expect(diff.status != 0)
        #expect(diff.stdout == "")
        #expect(diff.stderr == """
            mlx: error: unknown experiment or revision 'exp-zz'
            hint: see the experiments with `mlx exp show` (every commit's with `mlx exp show -A`)

            """)
    }
}
