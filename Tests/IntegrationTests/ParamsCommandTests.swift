import Foundation
import MLXTestSupport
import Testing

@Suite struct ParamsCommandTests {
    @Test func diffComparesHeadWithTheWorkspaceAcrossFormats() throws {
        let project = try PipelineProject([
            "mlx.yaml": """
                stages:
                  train:
                    cmd: echo train
                    params:
                      - train.lr
                      - config.toml:
                          - model
                      - extra.json:

                """,
            "params.yaml": "train:\n  lr: 0.1\n  epochs: 3\n",
            "config.toml": "[model]\nlayers = 2\nname = \"cnn\"\n",
            "extra.json": "{\"seed\": 1}",
        ])
        try Shell.run("git add -A && git commit -qm base", in: project.path)
        try project.write("params.yaml", "train:\n  lr: 0.2\n  epochs: 3\n")
        try project.write("config.toml", "[model]\nlayers = 4\nname = \"cnn\"\ndropout = 0.5\n")

        let text = try project.mlx("params", "diff")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout == """
            Path         Param          HEAD  workspace
            config.toml  model.dropout  -     0.5
            config.toml  model.layers   2     4
            params.yaml  train.lr       0.1   0.2

            """)
        let json = try project.mlx("params", "diff", "--json")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: [String: Any]]]
        #expect(document?["params.yaml"]?["train.lr"]?["old"] as? Double == 0.1)
        #expect(document?["params.yaml"]?["train.lr"]?["new"] as? Double == 0.2)
        #expect(document?["extra.json"] == nil)

        try Shell.run("git commit -qam second", in: project.path)
        let revisions = try project.mlx("params", "diff", "HEAD~1", "HEAD")
        let rows = revisions.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["params.yaml", "train.lr", "0.1", "0.2"]))
        #expect(rows.first == ["Path", "Param", "HEAD~1", "HEAD"])
        #expect(try project.mlx("params", "diff").stdout.isEmpty)
    }

    @Test func aMalformedParamsFileIsReportedWithItsPlace() throws {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  train:\n    cmd: echo train\n    params:\n      - p.json:\n",
            "p.json": "{\"a\": 1,\n \"b\": }\n",
        ])
        let result = try project.mlx("params", "diff")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: p.json:2:7: malformed JSON: unexpected character `}`\n"))
    }

    @Test func anIntegerRewrittenAsTheSameFloatIsNoChange() throws {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  train:\n    cmd: echo trained > model.txt\n    params:\n      - lr\n    outs:\n      - model.txt\n",
            "params.yaml": "lr: 1\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        try Shell.run("git add -A && git commit -qm base", in: project.path)
        try project.write("params.yaml", "lr: 1.0\n")

        let diff = try project.mlx("params", "diff")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.isEmpty)
        let repro = try project.mlx("repro")
        #expect(repro.stdout == "stage 'train': skipped (unchanged)\n")
        try project.write("params.yaml", "lr: 1.5\n")
        #expect(try project.mlx("params", "diff").stdout.contains("lr"))
    }

    @Test func targetsLimitTheFilesAndMarkdownIsATable() throws {
        let project = try PipelineProject([
            "mlx.yaml": "vars:\n  - sizes.yaml\nstages:\n  train:\n    cmd: echo train ${width}\n    params:\n      - lr\n      - config.json:\n",
            "params.yaml": "lr: 0.1\n",
            "config.json": "{\"seed\": 1}",
            "sizes.yaml": "width: 8\n",
        ])
        try Shell.run("git add -A && git commit -qm base", in: project.path)
        try project.write("params.yaml", "lr: 0.2\n")
        try project.write("config.json", "{\"seed\": 2}")
        try project.write("sizes.yaml", "width: 16\n")
        #expect(try project.mlx("params", "diff").stdout.contains("sizes.yaml   width  8     16"), "vars files are params too")
        let targeted = try project.mlx("params", "diff", "--targets", "config.json")
        #expect(targeted.stdout == "Path         Param  HEAD  workspace\nconfig.json  seed   1     2\n")
        let markdown = try project.mlx("params", "diff", "--md")
        #expect(markdown.stdout == """
            | Path        | Param | HEAD | workspace |
            |-------------|-------|------|-----------|
            | config.json | seed  | 1    | 2         |
            | params.yaml | lr    | 0.1  | 0.2       |
            | sizes.yaml  | width | 8    | 16        |

            """)
    }
}
