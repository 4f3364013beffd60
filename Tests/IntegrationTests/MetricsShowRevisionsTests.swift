import Foundation
import MLXTestSupport
import Testing

/// `metrics show -a/-T/-A`: one table with a Revision column, the workspace first, then each
/// commit once under the branches and tags that point to it (as DVC prints them); cached metrics
/// of other revisions are read from the cache through their `mlx.lock`. And one malformed or
/// absent metrics file is named while the others are still shown.
@Suite struct MetricsShowRevisionsTests {
    /// `main` and `old` (and tag `v1`) at acc 0.9, `feature` at 0.8, the workspace at 0.95.
    static func project() throws -> (project: PipelineProject, main: String, feature: String) {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  evaluate:\n    cmd: cp scores.json metrics.json\n    deps: [scores.json]\n    metrics: [metrics.json]\n",
            "scores.json": "{\"acc\": 0.9}\n",
            ".mlx/.gitignore": "/cache/\n/tmp/\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        try Shell.check("git add -A && git commit -qm first && git tag v1 && git branch old", in: project.path)
        let main = try Shell.check("git rev-parse HEAD", in: project.path).trimmingCharacters(in: .whitespacesAndNewlines)
        try Shell.check("git checkout -qb feature", in: project.path)
        try project.write("scores.json", "{\"acc\": 0.8}\n")
        #expect(try project.mlx("repro").status == 0)
        try Shell.check("git add -A && git commit -qm second && git checkout -q main", in: project.path)
        let feature = try Shell.check("git rev-parse feature", in: project.path).trimmingCharacters(in: .whitespacesAndNewlines)
        try project.write("scores.json", "{\"acc\": 0.95}\n")
        #expect(try project.mlx("repro").status == 0)
        return (project, main, feature)
    }

    @Test func allBranchesShowsTheWorkspaceThenEachBranchCommitOnceReadFromTheCache() throws {
        let (project, _, _) = try Self.project()
        let show = try project.mlx("metrics", "show", "-a")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout == """
            Revision   Path          Metric  Value
            workspace  metrics.json  acc     0.95
            feature    metrics.json  acc     0.8
            main,old   metrics.json  acc     0.9

            """)
        let tagged = try project.mlx("metrics", "show", "--all-branches", "--all-tags", "--md")
        #expect(tagged.stdout == """
            | Revision    | Path         | Metric | Value |
            |-------------|--------------|--------|-------|
            | workspace   | metrics.json | acc    | 0.95  |
            | feature     | metrics.json | acc    | 0.8   |
            | main,old,v1 | metrics.json | acc    | 0.9   |

            """)
        // Without the flags, the table has no Revision column, as before.
        #expect(try project.mlx("metrics", "show").stdout.hasPrefix("Path          Metric  Value\n"))
    }

    @Test func allTagsAndAllCommitsNameRevisionsByTagOrFullOid() throws {
        let (project, main, feature) = try Self.project()
        let tags = try project.mlx("metrics", "show", "-T")
        #expect(tags.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) } == ["Revision", "workspace", "v1"])
        let commits = try project.mlx("metrics", "show", "-A")
        #expect(commits.status == 0, "\(commits.stderr)")
        let rows = commits.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows == [["Revision", "Path", "Metric", "Value"], ["workspace", "metrics.json", "acc", "0.95"],
                         [feature, "metrics.json", "acc", "0.8"], [main, "metrics.json", "acc", "0.9"]])
    }

    @Test func jsonIsKeyedByRevision() throws {
        let (project, _, _) = try Self.project()
        let json = try project.mlx("metrics", "show", "-a", "-T", "--json")
        #expect(json.status == 0, "\(json.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: [String: Double]]]
        #expect(document?.keys.sorted() == ["feature", "main,old,v1", "workspace"])
        #expect(document?["workspace"]?["metrics.json"]?["acc"] == 0.95)
        #expect(document?["feature"]?["metrics.json"]?["acc"] == 0.8)
        #expect(document?["main,old,v1"]?["metrics.json"]?["acc"] == 0.9)
    }

    @Test func aRevisionWhoseCachedMetricsTheCacheLacksIsNamedAndTheOthersStillShown() throws {
        let (project, _, _) = try Self.project()
        // Forget feature's result: its metrics.json is in no git object and no longer cached.
        let lock = try Shell.check("git show feature:mlx.lock", in: project.path)
        let oid = try #require(lock.split(separator: "\n").last { $0.contains("oid:") }?.split(separator: " ").last.map(String.init))
        try Shell.check("chmod -R u+w .mlx/cache && rm .mlx/cache/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))", in: project.path)
        let show = try project.mlx("metrics", "show", "-a")
        #expect(show.status == 1)
        #expect(show.stderr.hasPrefix("mlx: error: feature:metrics.json: is a cached output (\(oid.prefix(8))) that the cache lacks"), "\(show.stderr)")
        #expect(show.stderr.contains("mlx fetch --rev feature"))
        #expect(show.stdout.contains("workspace  metrics.json  acc     0.95\n"), "\(show.stdout)")
        #expect(show.stdout.contains("main,old   metrics.json  acc     0.9\n"), "\(show.stdout)")
        #expect(!show.stdout.contains("feature"))
    }

    @Test func aMalformedMetricsFileIsReportedWithItsPlaceAndTheOthersStillShown() throws {
        let project = try PipelineProject([
            "mlx.yaml": "metrics: [bad.json, good.yaml]\n",
            "bad.json": "{\"acc\": 0.9,\n \"f1\": }\n",
            "good.yaml": "acc: 0.7\n",
        ])
        let show = try project.mlx("metrics", "show")
        #expect(show.status == 1)
        #expect(show.stderr.hasPrefix("mlx: error: bad.json:2:8: malformed JSON: unexpected character `}`\n"), "\(show.stderr)")
        #expect(show.stdout == "Path       Metric  Value\ngood.yaml  acc     0.7\n")

        try Shell.check("git add -A && git commit -qm first", in: project.path)
        try project.write("good.yaml", "acc: 0.75\n")
        let diff = try project.mlx("metrics", "diff")
        #expect(diff.status == 1)
        #expect(diff.stderr.hasPrefix("mlx: error: HEAD:bad.json:2:8: malformed JSON: unexpected character `}`\n"), "\(diff.stderr)")
        #expect(diff.stdout == "Path       Metric  HEAD  workspace  Change\ngood.yaml  acc     0.7   0.75       0.05\n")

        let revisions = try project.mlx("metrics", "show", "-a")
        #expect(revisions.status == 1)
        #expect(revisions.stderr.contains("mlx: error: main:bad.json:2:8: malformed JSON"), "\(revisions.stderr)")
        #expect(revisions.stdout.contains("main       good.yaml  acc     0.7\n"), "\(revisions.stdout)")
    }
}
