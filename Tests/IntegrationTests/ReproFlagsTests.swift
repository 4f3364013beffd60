import Foundation
import MLXTestSupport
import Testing

/// `repro --force-downstream`, `--allow-missing`, `-p/--pipeline`, `-P/--all-pipelines` and
/// `--ignore-errors`, each against what plain `repro` does in the same state.
@Suite struct ReproFlagsTests {
    static func reproduced() throws -> PipelineProject {
        let project = try PipelineProject([
            "mlx.yaml": ReproCommandTests.pipeline,
            "params.yaml": ReproCommandTests.params(lr: "0.1"),
            "raw.txt": "b\na\n",
        ])
        let first = try project.mlx("repro")
        #expect(first.status == 0, "\(first.stderr)")
        _ = try project.ran()
        return project
    }

    static func document(_ stdout: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test func forceDownstreamRunsEveryStageBelowOneThatRanEvenWhenItsInputsAreTheSame() throws {
        let project = try ReproFlagsTests.reproduced()
        // Same line count: features.txt comes out the same, so train and evaluate are unchanged.
        try project.write("raw.txt", "c\na\n")
        let result = try project.mlx("repro", "--force-downstream", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try project.ran() == ["prepare", "features", "train", "evaluate"])
        let stages = try #require(try ReproFlagsTests.document(result.stdout)["stages"] as? [[String: Any]])
        #expect(stages.map { "\($0["stage"]!):\($0["action"]!)" } == ["prepare:ran", "features:ran", "train:ran", "evaluate:ran"])
        #expect(stages[2]["reason"] as? String == "forced: stage 'prepare' ran or was forced (--force-downstream)")

        // Without it, the same edit stops at features.
        try project.write("raw.txt", "d\na\n")
        try project.mlx("repro")
        #expect(try project.ran() == ["prepare", "features"])

        // Nothing ran, so nothing is forced.
        try project.mlx("repro", "--force-downstream")
        #expect(try project.ran().isEmpty)
    }

    @Test func allowMissingSkipsStagesWhoseOnlyChangeIsMissingData() throws {
        let project = try ReproFlagsTests.reproduced()
        // A fresh clone without data: inputs, outputs and cache all gone, mlx.lock kept.
        try Shell.run("rm -rf raw.txt prepared.txt features.txt model.txt .mlx/cache", in: project.path)
        let lock = project.text("mlx.lock")

        var result = try project.mlx("repro", "--allow-missing")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try project.ran().isEmpty)
        #expect(result.stdout.contains("stage 'prepare': skipped (only data missing: raw.txt, prepared.txt; --allow-missing)"), "\(result.stdout)")
        #expect(result.stdout.contains("stage 'evaluate': skipped (only data missing: model.txt; --allow-missing)"))
        #expect(project.text("mlx.lock") == lock)

        // Without the flag, prepare cannot run.
        result = try project.mlx("repro")
        #expect(result.status == 1)
        #expect(result.stderr.contains("stage 'prepare' cannot run: dependency 'raw.txt' does not exist"), "\(result.stderr)")

        // Another change still counts: train must run, and cannot without its input.
        try project.write("params.yaml", ReproCommandTests.params(lr: "0.2"))
        result = try project.mlx("repro", "--allow-missing", "--json")
        #expect(result.status == 1)
        let stages = try #require(try ReproFlagsTests.document(result.stdout)["stages"] as? [[String: Any]])
        #expect(stages.map { "\($0["stage"]!):\($0["action"]!)" } == ["prepare:skipped", "features:skipped", "train:failed", "evaluate:not-run"])
        #expect(stages[0]["reason"] as? String == "only data missing (raw.txt, prepared.txt)")
        #expect(result.stderr.contains("dependency 'features.txt' does not exist"))
    }

    @Test func allowMissingStillRestoresOutputsTheCacheHas() throws {
        let project = try ReproFlagsTests.reproduced()
        try Shell.run("rm model.txt", in: project.path)
        let result = try project.mlx("repro", "--allow-missing")
        #expect(result.status == 0)
        #expect(result.stdout.contains("stage 'train': restored model.txt from cache"), "\(result.stdout)")
        #expect(project.text("model.txt") != nil)
        #expect(try project.ran().isEmpty)
    }

    static let twoPipelines = """
        stages:
          a:
            cmd: echo a >> log.txt && echo a > a.txt
            outs: [a.txt]
          b:
            cmd: echo b >> log.txt && cat a.txt > b.txt
            deps: [a.txt]
            outs: [b.txt]
          c:
            cmd: echo c >> log.txt && echo c > c.txt
            outs: [c.txt]
          d:
            cmd: echo d >> log.txt && cat c.txt > d.txt
            deps: [c.txt]
            outs: [d.txt]

        """

    @Test func pipelineRunsEveryStageConnectedToTheTargetAndNoOther() throws {
        let project = try PipelineProject(["mlx.yaml": ReproFlagsTests.twoPipelines])
        try project.mlx("repro", "a")
        #expect(try project.ran() == ["a"])
        try project.mlx("repro", "-f", "--pipeline", "a")
        #expect(try project.ran() == ["a", "b"])
        try project.mlx("repro", "-f", "-p", "d")
        #expect(try project.ran() == ["c", "d"])
        try project.mlx("repro", "-f", "-P")
        #expect(try project.ran() == ["a", "b", "c", "d"])
        try project.mlx("repro", "-f", "--all-pipelines")
        #expect(try project.ran() == ["a", "b", "c", "d"])
    }

    @Test func pipelineFlagsRefuseWhatTheyCannotMeanAndChangeNothing() throws {
        let project = try PipelineProject(["mlx.yaml": ReproFlagsTests.twoPipelines])
        for arguments in [["-P", "a"], ["-p", "-P", "a"], ["-p", "-s", "a"], ["-P", "--downstream"], ["-k", "--ignore-errors"]] {
            let result = try MLXBinary.run(["repro"] + arguments, in: project.path)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains("error:"), "\(arguments): \(result.stderr)")
            #expect(project.text("mlx.lock") == nil)
            #expect(try project.ran().isEmpty)
        }
        #expect(try project.mlx("repro", "-P", "a").stderr.contains("--all-pipelines takes no targets"))
    }

    static let failing = """
        stages:
          broken:
            cmd: echo broken >> log.txt && echo x > broken.txt && test -f ok.flag
            outs:
              - broken.txt:
                  persist: true
          after:
            cmd: echo after >> log.txt && cat broken.txt > after.txt
            deps: [broken.txt]
            outs: [after.txt]
          other:
            cmd: echo other >> log.txt && cat in.txt > other.txt
            deps: [in.txt]
            outs: [other.txt]

        """

    @Test func ignoreErrorsRunsTheDependentsOfAFailedStageAndExitsZeroWhereKeepGoingSkipsThem() throws {
        let project = try PipelineProject(["mlx.yaml": ReproFlagsTests.failing, "in.txt": "1\n"])
        var result = try project.mlx("repro", "-k")
        #expect(result.status == 1)
        #expect(try project.ran() == ["broken", "other"])

        result = try project.mlx("repro", "--ignore-errors", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try project.ran() == ["broken", "after"])
        #expect(result.stderr.contains("mlx: warning: stage 'broken' failed: command exited with status 1 (ignored)"), "\(result.stderr)")
        let document = try ReproFlagsTests.document(result.stdout)
        #expect(document["ok"] as? Bool == false)
        let stages = try #require(document["stages"] as? [[String: Any]])
        #expect(stages.map { "\($0["stage"]!):\($0["action"]!)" } == ["broken:failed", "after:ran", "other:skipped"])
    }
}
