import Foundation
import MLXTestSupport
import Testing

@Suite struct StageCommandTests {
    @Test func dvcLongFlagsAreAcceptedAndRunRunsTheStage() throws {
        let project = try PipelineProject()
        try project.write("raw.txt", "b\na\n")
        let result = try project.mlx("stage", "add", "--name", "prep", "--deps", "raw.txt", "--outs", "sorted.txt",
                                     "--outs-no-cache", "count.txt", "--outs-persist", "state", "--outs-persist-no-cache", "log.txt",
                                     "--metrics", "m.json", "--metrics-no-cache", "mn.json", "--plots", "p.csv",
                                     "--plots-no-cache", "pn.csv", "--wdir", ".", "--always-changed", "--desc", "sorts",
                                     "--run", "sort raw.txt > sorted.txt && wc -l < raw.txt > count.txt && touch state log.txt m.json mn.json p.csv pn.csv")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(project.text("mlx.yaml") == """
            stages:
              prep:
                cmd: sort raw.txt > sorted.txt && wc -l < raw.txt > count.txt && touch state log.txt m.json mn.json p.csv pn.csv
                wdir: .
                deps:
                - raw.txt
                outs:
                - sorted.txt
                - count.txt:
                    cache: false
                - state:
                    persist: true
                - log.txt:
                    cache: false
                    persist: true
                metrics:
                - m.json
                - mn.json:
                    cache: false
                plots:
                - p.csv
                - pn.csv:
                    cache: false
                always_changed: true
                desc: sorts

            """)
        // --run reproduced it: the output exists and the lock records the stage.
        #expect(project.text("sorted.txt") == "a\nb\n")
        #expect(project.text("mlx.lock")?.contains("  prep:\n") == true)
    }

    @Test func anUnknownOptionBeforeTheCommandIsRefusedNotSwallowed() throws {
        let project = try PipelineProject()
        let result = try project.mlx("stage", "add", "-n", "a", "--out", "x", "touch", "x")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mlx: error: unknown option '--out' before the command"), "\(result.stderr)")
        #expect(project.text("mlx.yaml") == nil)
        // A command that starts with a dash still works after `--`.
        #expect(try project.mlx("stage", "add", "-n", "b", "--", "-x").status == 0)
    }

    @Test func addCreatesMlxYamlAndAppendsWithoutTouchingOtherStages() throws {
        let project = try PipelineProject()
        var result = try project.mlx("stage", "add", "-n", "prepare", "-d", "raw.txt", "-o", "prepared.txt",
                                     "-p", "prepare.seed", "sort", "raw.txt", "-o", "prepared.txt")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(project.text("mlx.yaml") == """
            stages:
              prepare:
                cmd: sort raw.txt -o prepared.txt
                deps:
                - raw.txt
                params:
                - prepare.seed
                outs:
                - prepared.txt

            """)
        let handWritten = (project.text("mlx.yaml") ?? "") + "  # keep me\n  other:\n    cmd: echo hi   # and me\n"
        try project.write("mlx.yaml", handWritten)
        result = try project.mlx("stage", "add", "-n", "report", "-d", "prepared.txt", "-M", "metrics.json",
                                 "-p", "config.json:threshold", "--", "wc -l prepared.txt > metrics.json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(project.text("mlx.yaml") == handWritten + """
              report:
                cmd: wc -l prepared.txt > metrics.json
                deps:
                - prepared.txt
                params:
                - config.json:
                  - threshold
                metrics:
                - metrics.json:
                    cache: false

            """)

        result = try project.mlx("stage", "add", "-n", "prepare", "echo again")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: mlx.yaml:2:3: stage 'prepare' already exists\nhint: use -f to replace it\n"))
        result = try project.mlx("stage", "add", "-f", "-n", "prepare", "-o", "prepared.txt", "sort raw.txt > prepared.txt")
        #expect(result.status == 0)
        #expect(project.text("mlx.yaml")?.hasPrefix("stages:\n  prepare:\n    cmd: sort raw.txt > prepared.txt\n    outs:\n    - prepared.txt\n  # keep me\n") == true)
    }

    @Test func addRefusesAStageThatBreaksThePipeline() throws {
        let project = try PipelineProject(["mlx.yaml": "stages:\n  a:\n    cmd: echo 1 > a.txt\n    outs: [a.txt]\n"])
        let before = project.text("mlx.yaml")
        let result = try project.mlx("stage", "add", "-n", "b", "-o", "a.txt", "echo 2 > a.txt")
        #expect(result.status == 1)
        #expect(result.stderr.contains("output `a.txt` is written by both stage 'a' and stage 'b'"))
        #expect(project.text("mlx.yaml") == before)
    }

    @Test func listShowsStagesInTextAndJSON() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              prepare:
                cmd: echo 1 > a.txt
                outs: [a.txt]
              train:
                cmd: cp a.txt b.txt
                deps: [a.txt]
                outs: [b.txt]
                desc: Train the model

            """])
        let text = try project.mlx("stage", "list")
        #expect(text.stdout == "prepare  Outputs a.txt\ntrain    Train the model\n")
        let json = try project.mlx("stage", "list", "--json")
        let stages = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(stages?.map { $0["name"] as? String } == ["prepare", "train"])
        #expect(stages?[1]["deps"] as? [String] == ["a.txt"])
    }
}
