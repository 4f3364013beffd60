import Foundation
import MLXTestSupport
import Testing

/// A temporary git repository holding an mlx project, for pipeline tests. Stage commands in
/// these tests append their stage name to `log.txt` (no stage's dependency or output), so a
/// test can tell exactly which commands ran.
struct PipelineProject {
    let repo: TemporaryDirectory

    init(_ files: [String: String] = [:]) throws {
        repo = try TemporaryDirectory.gitRepository()
        try FileManager.default.createDirectory(atPath: repo.appending(".mlx"), withIntermediateDirectories: true)
        for (path, text) in files { try repo.write(path, text) }
    }

    var path: String { repo.path }

    @discardableResult
    func mlx(_ arguments: String...) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: repo.path)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String { try repo.write(relative, text) }

    func text(_ relative: String) -> String? {
        repo.bytes(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The stages whose commands ran since the last call, in order; clears the log.
    func ran() throws -> [String] {
        let lines = (text("log.txt") ?? "").split(separator: "\n").map(String.init)
        try repo.write("log.txt", "")
        return lines
    }

    /// Copies a folder of `Fixtures/` into the project.
    func copyFixture(_ relative: String) throws {
        let source = PackageRoot.fixture(relative)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: repo.appending(name))
        }
    }
}

@Suite struct ReproCommandTests {
    /// prepare → features → train → evaluate. `features` writes the line count of its input,
    /// so new input bytes with as many lines give the same features; `train` reads `train.lr`
    /// from params.yaml itself (the cmd does not template it).
    static let pipeline = """
        stages:
          prepare:
            cmd: echo prepare >> log.txt && sort raw.txt > prepared.txt
            deps: [raw.txt]
            params: [prepare.seed]
            outs: [prepared.txt]
          features:
            cmd: echo features >> log.txt && wc -l < prepared.txt > features.txt
            deps: [prepared.txt]
            outs: [features.txt]
          train:
            cmd: echo train >> log.txt && cat features.txt > model.txt && grep lr params.yaml >> model.txt
            deps: [features.txt]
            params: [train.lr]
            outs: [model.txt]
          evaluate:
            cmd: echo evaluate >> log.txt && printf '{"size":%s}\\n' "$(wc -c < model.txt)" > metrics.json
            deps: [model.txt]
            metrics:
              - metrics.json:
                  cache: false

        """

    static func params(lr: String, unused: Int = 1) -> String {
        "prepare:\n  seed: 7\ntrain:\n  lr: \(lr)\nunused: \(unused)\n"
    }

    @Test func theScriptedSequenceRunsExactlyTheStagesWhoseInputsChanged() throws {
        let project = try PipelineProject([
            "mlx.yaml": ReproCommandTests.pipeline,
            "params.yaml": ReproCommandTests.params(lr: "0.1"),
            "raw.txt": "b\na\n",
        ])

        // 1. First run: everything, in dependency order.
        var result = try project.mlx("repro")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try project.ran() == ["prepare", "features", "train", "evaluate"])
        #expect(result.stdout.contains("stage 'prepare': never run (no entry in mlx.lock)"))
        #expect(result.stdout.contains("running stage 'train': echo train >> log.txt"))
        #expect(project.text("metrics.json") == "{\"size\":12}\n")
        let gitignore = project.text(".gitignore") ?? ""
        #expect(gitignore.contains("/model.txt") && !gitignore.contains("metrics.json"))

        // 2. Again: nothing.
        result = try project.mlx("repro")
        #expect(result.status == 0)
        #expect(try project.ran() == [])
        #expect(result.stdout.contains("stage 'prepare': skipped (unchanged)"))

        // 3. A dependency touched without changing its bytes: nothing.
        try Shell.run("sleep 0.01 && touch raw.txt", in: project.path)
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.ran() == [])

        // 4. New bytes, same number of lines: prepare and features run; features writes the
        //    same bytes, so train and evaluate do not.
        try project.write("raw.txt", "c\na\n")
        result = try project.mlx("repro")
        #expect(result.status == 0)
        #expect(try project.ran() == ["prepare", "features"])
        #expect(result.stdout.contains("stage 'prepare': dependencies changed (raw.txt)"))
        #expect(result.stdout.contains("stage 'train': skipped (unchanged)"))

        // 5. A tracked param: the stage tracking it, then its dependents.
        try project.write("params.yaml", ReproCommandTests.params(lr: "0.2"))
        result = try project.mlx("repro")
        #expect(try project.ran() == ["train", "evaluate"])
        #expect(result.stdout.contains("stage 'train': params changed (train.lr)"))
        #expect(project.text("mlx.lock")?.contains("        train.lr: 0.2\n") == true)

        // 6. An untracked param: nothing.
        try project.write("params.yaml", ReproCommandTests.params(lr: "0.2", unused: 5))
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.ran() == [])

        // 7. A changed command: that stage, then dependents whose inputs changed.
        let changedCommand = ReproCommandTests.pipeline.replacingOccurrences(
            of: "grep lr params.yaml >> model.txt", with: "grep lr params.yaml >> model.txt && echo v2 >> model.txt")
        try project.write("mlx.yaml", changedCommand)
        result = try project.mlx("repro")
        #expect(try project.ran() == ["train", "evaluate"])
        #expect(result.stdout.contains("stage 'train': command changed"))

        // 8. A deleted output: restored from the cache, nothing runs.
        let model = project.text("model.txt")
        try FileManager.default.removeItem(atPath: project.repo.appending("model.txt"))
        result = try project.mlx("repro")
        #expect(result.status == 0)
        #expect(try project.ran() == [])
        #expect(project.text("model.txt") == model)
        #expect(result.stdout.contains("stage 'train': restored model.txt from cache"))

        // 9. A param set to a new value, then back: the second time nothing runs, both stages
        //    come from the run cache.
        try project.write("params.yaml", ReproCommandTests.params(lr: "0.3", unused: 5))
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.ran() == ["train", "evaluate"])
        try project.write("params.yaml", ReproCommandTests.params(lr: "0.2", unused: 5))
        result = try project.mlx("repro")
        #expect(result.status == 0)
        #expect(try project.ran() == [])
        #expect(result.stdout.contains("stage 'train': restored from run cache"))
        #expect(result.stdout.contains("stage 'evaluate': restored from run cache"))
        #expect(project.text("model.txt") == model)
        #expect(project.text("mlx.lock")?.contains("        train.lr: 0.2\n") == true)

        // 10. A failing command: its dependents do not run, its lock entry is kept, exit 1.
        let lockBefore = project.text("mlx.lock")
        try project.write("mlx.yaml", changedCommand.replacingOccurrences(
            of: "echo train >> log.txt && cat", with: "echo train >> log.txt && exit 3 && cat"))
        result = try project.mlx("repro")
        #expect(result.status == 1)
        #expect(try project.ran() == ["train"])
        #expect(result.stderr.contains("mlx: error: stage 'train' failed: command exited with status 3\n"))
        #expect(result.stdout.contains("stage 'evaluate': not run (stage 'train' did not succeed)"))
        #expect(project.text("mlx.lock") == lockBefore)
    }

    @Test func independentStagesRunConcurrentlyWithJobs() throws {
        let stage = { (name: String) in
            """
              \(name):
                cmd: echo "\(name) start $(date +%s%N)" >> times.txt && sleep 1 && echo "\(name) end $(date +%s%N)" >> times.txt && echo \(name) > \(name).out
                outs: [\(name).out]

            """
        }
        let project = try PipelineProject(["mlx.yaml": "stages:\n" + stage("left") + stage("right")])
        let result = try project.mlx("repro", "-j", "2")
        #expect(result.status == 0, "\(result.stderr)")
        var times: [String: Int] = [:]
        for line in (project.text("times.txt") ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            times["\(parts[0]) \(parts[1])"] = Int(parts[2])
        }
        let (leftStart, leftEnd) = (try #require(times["left start"]), try #require(times["left end"]))
        let (rightStart, rightEnd) = (try #require(times["right start"]), try #require(times["right end"]))
        #expect(leftStart < rightEnd && rightStart < leftEnd, "the two stages did not overlap: \(times)")
    }

    @Test func jobsOneRunsOneStageAtATime() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              left:
                cmd: echo "left $(date +%s%N)" >> times.txt && sleep 0.3 && echo "left $(date +%s%N)" >> times.txt && touch left.out
                outs: [left.out]
              right:
                cmd: echo "right $(date +%s%N)" >> times.txt && sleep 0.3 && echo "right $(date +%s%N)" >> times.txt && touch right.out
                outs: [right.out]

            """])
        #expect(try project.mlx("repro").status == 0)
        let names = (project.text("times.txt") ?? "").split(separator: "\n").map { $0.split(separator: " ")[0] }
        #expect(names == ["left", "left", "right", "right"])
    }

    @Test(arguments: try FileManager.default.contentsOfDirectory(atPath: PackageRoot.fixture("pipelines/bad")).sorted())
    func badPipelineFilesAreReportedWithTheirPlace(_ fixture: String) throws {
        let project = try PipelineProject()
        try project.copyFixture("pipelines/bad/" + fixture)
        let expected = try #require(project.text("expected-error.txt"))
        #expect(expected.hasPrefix("mlx.yaml:"))
        let result = try project.mlx("repro")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: " + expected), "\(fixture): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: try FileManager.default.contentsOfDirectory(atPath: PackageRoot.fixture("pipelines/bad-lock")).sorted())
    func badLockFilesAreReportedWithTheirPlace(_ fixture: String) throws {
        let project = try PipelineProject(["mlx.yaml": "stages:\n  train:\n    cmd: python train.py\n"])
        try project.copyFixture("pipelines/bad-lock/" + fixture)
        let expected = try #require(project.text("expected-error.txt"))
        let result = try project.mlx("repro")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: " + expected), "\(fixture): \(result.stderr)")
    }

    @Test func foreachAndMatrixStagesExpandAndRunByGroupName() throws {
        let project = try PipelineProject([
            "mlx.yaml": """
                vars:
                  - sizes: {small: 1, large: 3}
                stages:
                  gen:
                    foreach: ${sizes}
                    do:
                      cmd: seq ${item} > gen-${key}.txt
                      outs:
                        - gen-${key}.txt
                  grid:
                    matrix:
                      model: [cnn, xgb]
                      lr: [0.1, 0.01]
                    cmd: echo ${item.model} ${item.lr} > grid-${item.model}-${item.lr}.txt
                    outs:
                      - grid-${item.model}-${item.lr}.txt

                """,
        ])
        let result = try project.mlx("repro", "grid")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(project.text("grid-xgb-0.01.txt") == "xgb 0.01\n")
        #expect(!project.repo.exists("gen-small.txt"))
        let list = try project.mlx("repro", "--dry")
        #expect(list.stdout.contains("stage 'gen@large': never run"))
        // No dependencies: DVC's callback stage, which every repro runs.
        #expect(list.stdout.contains("stage 'grid@cnn-0.1': no dependencies, so it always runs"))
        #expect(try project.mlx("repro", "gen@large").status == 0)
        #expect(project.text("gen-large.txt") == "1\n2\n3\n")
        #expect(!project.repo.exists("gen-small.txt"))
    }

    @Test func targetsPullInUpstreamStagesSingleItemAndDownstreamNarrowOrWiden() throws {
        let project = try PipelineProject([
            "mlx.yaml": ReproCommandTests.pipeline,
            "params.yaml": ReproCommandTests.params(lr: "0.1"),
            "raw.txt": "b\na\n",
        ])
        #expect(try project.mlx("repro", "features").status == 0)
        #expect(try project.ran() == ["prepare", "features"])
        #expect(try project.mlx("repro", "-s", "evaluate").status == 1)
        #expect(try project.ran() == [])
        #expect(try project.mlx("repro", "--downstream", "train").status == 0)
        #expect(try project.ran() == ["train", "evaluate"])
        #expect(try project.mlx("repro", "-f", "-s", "features").status == 0)
        #expect(try project.ran() == ["features"])
        let dry = try project.mlx("repro", "--dry", "-f")
        #expect(try project.ran() == [])
        #expect(dry.stdout.contains("stage 'prepare': would run: echo prepare"))
        #expect(dry.stdout.contains("stage 'evaluate': would run (stage 'train' would run)"))
        let unknown = try project.mlx("repro", "nope")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("mlx: error: mlx.yaml: no stage named 'nope'\n"))
    }

    @Test func keepGoingRunsWhatDoesNotDependOnTheFailure() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              broken:
                cmd: echo broken >> log.txt && false
                outs: [broken.txt]
              after:
                cmd: echo after >> log.txt && cp broken.txt after.txt
                deps: [broken.txt]
                outs: [after.txt]
              other:
                cmd: echo other >> log.txt && echo ok > other.txt
                outs: [other.txt]

            """])
        var result = try project.mlx("repro")
        #expect(result.status == 1)
        #expect(try project.ran() == ["broken"])
        result = try project.mlx("repro", "-k", "--json")
        #expect(result.status == 1)
        #expect(try project.ran() == ["broken", "other"])
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(document?["ok"] as? Bool == false)
        let actions = (document?["stages"] as? [[String: Any]])?.map { "\($0["stage"]!):\($0["action"]!)" }
        #expect(actions == ["broken:failed", "after:not-run", "other:ran"])
        #expect(result.stderr.contains("stage 'broken' failed: command exited with status 1"))
    }

    @Test func directoryOutputsWdirAndListCommandsAreRecorded() throws {
        let project = try PipelineProject([
            "src/params.yaml": "n: 3\n",
            "mlx.yaml": """
                stages:
                  make:
                    wdir: src
                    cmd:
                      - mkdir -p ../out
                      - seq 1 3 > ../out/a.txt
                      - chmod +x ../out/a.txt && echo b > ../out/b.txt
                    params: [n]
                    outs: [../out]

                """,
        ])
        let result = try project.mlx("repro")
        #expect(result.status == 0, "\(result.stderr)")
        let lock = try #require(project.text("mlx.lock"))
        #expect(lock.contains("    cmd:\n    - mkdir -p ../out\n"))
        #expect(lock.contains("      src/params.yaml:\n        n: 3\n"))
        #expect(lock.contains("    - path: out\n      hash: blake3\n"))
        #expect(lock.contains("      nfiles: 2\n"))
        try FileManager.default.removeItem(atPath: project.repo.appending("out"))
        #expect(try project.mlx("repro").stdout.contains("stage 'make': restored out from cache"))
        #expect(project.text("out/a.txt") == "1\n2\n3\n")
        #expect(FileManager.default.isExecutableFile(atPath: project.repo.appending("out/a.txt")))
    }

    /// A directory dependency is judged through its tree memo once one is recorded: nothing
    /// changed skips the stage, any change (content, exec bit, a new file) reruns it.
    @Test func aDirectoryDependencyIsJudgedThroughItsTreeMemo() throws {
        let project = try PipelineProject([
            "data/a.txt": "a\n",
            "data/sub/b.txt": "b\n",
            "mlx.yaml": """
                stages:
                  count:
                    cmd: echo count >> log.txt && find data -type f | sort | xargs cat | wc -l > count.txt
                    deps: [data]
                    outs: [count.txt]

                """,
        ])
        try expectSuccess(try project.mlx("repro"))
        #expect(try project.ran() == ["count"])
        // Files changed within the last 2 s are racy and never memoised.
        Thread.sleep(forTimeInterval: 2.1)
        try expectSuccess(try project.mlx("repro"))
        #expect(try project.ran() == [])
        #expect(try project.repo.names(in: ".mlx/tmp/trees").count == 1)
        try expectSuccess(try project.mlx("repro"))
        #expect(try project.ran() == [])

        try project.write("data/sub/b.txt", "B\n")
        try expectSuccess(try project.mlx("repro"))
        #expect(try project.ran() == ["count"])
        #expect(chmod(project.repo.appending("data/a.txt"), 0o755) == 0)
        try expectSuccess(try project.mlx("repro"))
        #expect(try project.ran() == ["count"])
        try project.write("data/sub/c.txt", "c\n")
        try expectSuccess(try project.mlx("repro"))
        #expect(try project.ran() == ["count"])
    }

    @Test func aMissingDependencyFailsTheStageWithoutRunningIt() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              use:
                cmd: echo use >> log.txt && cp input.txt output.txt
                deps: [input.txt]
                outs: [output.txt]

            """])
        let result = try project.mlx("repro")
        #expect(result.status == 1)
        #expect(try project.ran() == [])
        #expect(result.stderr.contains("mlx: error: stage 'use' cannot run: dependency 'input.txt' does not exist\n"))
    }

    @Test func theDemoPipelineRunsThenRestoresFromTheRunCache() throws {
        let project = try PipelineProject()
        try project.copyFixture("pipelines/demo")
        var result = try project.mlx("repro")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(project.text("metrics.json")?.hasPrefix("{\"mse\": ") == true)
        #expect(try project.mlx("repro").stdout == "stage 'prepare': skipped (unchanged)\nstage 'train': skipped (unchanged)\nstage 'evaluate': skipped (unchanged)\n")
        let metrics = project.text("metrics.json")
        try project.write("params.yaml", (project.text("params.yaml") ?? "").replacingOccurrences(of: "lr: 0.01", with: "lr: 0.02"))
        result = try project.mlx("repro")
        #expect(result.stdout.contains("stage 'train': params changed (train.lr); command changed\n"))
        try project.write("params.yaml", (project.text("params.yaml") ?? "").replacingOccurrences(of: "lr: 0.02", with: "lr: 0.01"))
        result = try project.mlx("repro")
        #expect(!result.stdout.contains("running stage"))
        #expect(project.text("metrics.json") == metrics)
    }

    /// As `dvc checkout` does with `dvc.lock`: after switching to a branch whose `mlx.lock`
    /// records other outputs, `mlx checkout` puts those outputs in place from the cache, and
    /// leaves an output with unrecorded changes alone unless --force is given.
    @Test func checkoutRestoresStageOutputsThatMlxLockRecords() throws {
        let project = try PipelineProject([
            "mlx.yaml": """
                stages:
                  copy:
                    cmd: echo copy >> log.txt && cp input.txt output.txt
                    deps: [input.txt]
                    outs: [output.txt]

                """,
            "input.txt": "one\n",
        ])
        #expect(try project.mlx("repro", "-q").status == 0)
        try Shell.check("git add mlx.yaml mlx.lock .gitignore input.txt && git commit -qm one && git checkout -qb two", in: project.path)
        try project.write("input.txt", "two\n")
        #expect(try project.mlx("repro", "-q").status == 0)
        try Shell.check("git commit -qam two && git checkout -q main", in: project.path)
        #expect(try project.ran() == ["copy", "copy"])

        var result = try project.mlx("checkout")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "restored output.txt (1 file)\n")
        #expect(project.text("output.txt") == "one\n")

        try FileManager.default.removeItem(atPath: project.path + "/output.txt")
        try project.write("output.txt", "edited by hand\n")
        result = try project.mlx("checkout", "output.txt")
        #expect(result.status == 1)
        #expect(result.stderr.contains("output.txt"))
        #expect(project.text("output.txt") == "edited by hand\n")
        #expect(try project.mlx("checkout", "--force", "output.txt").status == 0)
        #expect(project.text("output.txt") == "one\n")
        #expect(try project.ran() == [])
    }
}
