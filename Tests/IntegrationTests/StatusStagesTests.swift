import Foundation
import MLXTestSupport
import Testing

/// `mlx status` covers the pipeline as `dvc status` does: each stage that differs from
/// `mlx.lock`, with the same reasons `repro` gives; `--json`, `-q` and stage targets.
@Suite struct StatusStagesTests {
    let project: PipelineProject

    init() throws {
        project = try PipelineProject([
            "mlx.yaml": """
                stages:
                  prepare:
                    cmd: cp raw.txt prepared.txt
                    deps: [raw.txt]
                    outs: [prepared.txt]
                  train:
                    cmd: cat prepared.txt params.yaml > model.txt
                    deps: [prepared.txt]
                    params: [train.lr]
                    outs: [model.txt]
                  report:
                    cmd: echo report > report.txt
                    deps: [model.txt]
                    outs: [report.txt]
                    frozen: true

                """,
            "params.yaml": "train:\n  lr: 0.1\n",
            "raw.txt": "raw\n",
        ])
    }

    @Test func stagesThatNeverRanOrChangedAreListedWithTheirReasons() throws {
        let first = try project.mlx("status")
        #expect(first.status == 0)
        #expect(first.stdout == "\tstage 'prepare': never run (no entry in mlx.lock)\n\tstage 'train': never run (no entry in mlx.lock)\n")
        #expect(first.stderr.contains("hint: 'mlx repro' runs the changed stages"))

        #expect(try project.mlx("repro", "train").status == 0)
        #expect(try project.mlx("status").stdout == "Stages are up to date.\n")

        try project.write("params.yaml", "train:\n  lr: 0.2\n")
        try project.write("raw.txt", "new\n")
        try FileManager.default.removeItem(atPath: project.repo.appending("model.txt"))
        let changed = try project.mlx("status")
        #expect(changed.stdout == """
            \tstage 'prepare': dependencies changed (raw.txt)
            \tstage 'train': params changed (train.lr)

            """)
        // The frozen stage is never reported, as in DVC.
        #expect(!changed.stdout.contains("report"))
    }

    @Test func aDeletedOutputIsReportedEvenWhenTheCacheCanRestoreIt() throws {
        #expect(try project.mlx("repro", "train").status == 0)
        try FileManager.default.removeItem(atPath: project.repo.appending("model.txt"))
        #expect(try project.mlx("status").stdout == "\tstage 'train': outputs deleted (model.txt)\n")
    }

    @Test func jsonQuietExitCodeAndStageTargets() throws {
        #expect(try project.mlx("repro", "train").status == 0)
        try project.write("params.yaml", "train:\n  lr: 0.3\n")

        let json = try project.mlx("status", "--json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["clean"] as? Bool == false)
        let stages = try #require(document["stages"] as? [[String: Any]])
        #expect(stages.count == 1)
        #expect(stages.first?["stage"] as? String == "train")
        let changes = try #require(stages.first?["changes"] as? [[String: Any]])
        #expect(changes.first?["kind"] as? String == "params")
        #expect(changes.first?["items"] as? [String] == ["train.lr"])

        let quiet = try project.mlx("status", "-q")
        #expect(quiet.status == 1)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty)
        #expect(try project.mlx("status", "--exit-code").status == 1)

        // Stage names, and DVC's `file:stage` spelling, narrow the report.
        #expect(try project.mlx("status", "prepare", "--exit-code").status == 0)
        let named = try project.mlx("status", "mlx.yaml:train")
        #expect(named.stdout == "\tstage 'train': params changed (train.lr)\n")
        #expect(try project.mlx("status", "nosuchstage").status == 0)
        // The pre-commit hook asks about data only: a param edited before `repro` can be committed.
        #expect(try project.mlx("status", "--data", "--exit-code").status == 0)
    }

    @Test func aBrokenPipelineIsReportedAndTheDataStatusStillShown() throws {
        try project.write("data.bin", "d\n")
        #expect(try MLXBinary.run(["init", "-q"], in: project.path).status == 0)
        #expect(try project.mlx("add", "-q", "data.bin").status == 0)
        try project.write("data.bin", "changed\n")
        try project.write("mlx.yaml", "stages:\n  a:\n    cmd: [unclosed\n")
        let result = try project.mlx("status")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: mlx.yaml:"), "\(result.stderr)")
        #expect(result.stdout.contains("modified:     data.bin"), "\(result.stdout)")
    }

    @Test func aStageWithoutDependenciesIsAlwaysChangedAsDVCsCallbackStage() throws {
        try project.write("mlx.yaml", "stages:\n  stamp:\n    cmd: date > stamp.txt\n    outs: [stamp.txt]\n")
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.mlx("status").stdout == "\tstage 'stamp': no dependencies, so it always runs\n")
        #expect(try project.mlx("repro").stdout.contains("stage 'stamp': no dependencies, so it always runs"))
    }
}
