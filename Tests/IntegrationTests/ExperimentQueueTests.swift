import Foundation
import MLXTestSupport
import Testing

/// `mlx exp run --queue / --run-all / --temp` and `mlx queue …` in real git repositories.
@Suite struct ExperimentQueueTests {
    /// prepare → train → evaluate. `train` fails when `train.lr` is 0.13 (a failing experiment),
    /// and waits while the file `$HOLD` names exists (a run to kill).
    static let pipeline = """
        stages:
          prepare:
            cmd: sort raw.txt > prepared.txt
            deps: [raw.txt]
            outs: [prepared.txt]
          train:
            cmd: while [ -n "$HOLD" ] && [ -f "$HOLD" ]; do sleep 0.05; done; grep -q '0[.]13' params.yaml && exit 3; cat prepared.txt params.yaml > model.txt
            deps: [prepared.txt]
            params: [train.lr]
            outs: [model.txt]
          evaluate:
            cmd: printf '{"size":%s}\\n' "$(wc -c < model.txt)" > metrics.json
            deps: [model.txt]
            metrics:
              - metrics.json:
                  cache: false

        """

    /// A committed project with the pipeline reproduced once.
    static func project() throws -> PipelineProject {
        let project = try PipelineProject(["mlx.yaml": pipeline, "params.yaml": "train:\n  lr: 0.1\n", "raw.txt": "b\na\n"])
        try project.mlx("init", "--force")
        try project.mlx("repro")
        try project.repo.commit("baseline")
        return project
    }

    func refs(_ project: PipelineProject, _ prefix: String) throws -> [String] {
        try project.repo.git("for-each-ref", "--format=%(refname)", prefix).split(separator: "\n").map(String.init)
    }

    func entry(_ project: PipelineProject, _ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: project.repo.appending(".mlx/queue/\(name).json")))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func queueRecordsOneCommitPerSweepCombinationAndRunsNothing() throws {
        let project = try Self.project()
        let head = try project.repo.git("rev-parse", "HEAD")
        let queued = try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2,0.3", "-n", "sweep")
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(queued.stdout.contains("Queued experiment 'sweep-1'") && queued.stdout.contains("Queued experiment 'sweep-2'"))
        #expect(try refs(project, "refs/exps-queue/") == ["refs/exps-queue/sweep-1", "refs/exps-queue/sweep-2"])
        #expect(try project.repo.git("rev-parse", "refs/exps-queue/sweep-2^") == head)
        #expect(try project.repo.git("show", "refs/exps-queue/sweep-2:params.yaml").contains("lr: 0.3"))
        #expect(project.text("params.yaml") == "train:\n  lr: 0.1\n", "the workspace's params are untouched")
        #expect(try refs(project, "refs/exps/").isEmpty)
        #expect(try entry(project, "sweep-1")["state"] as? String == "queued")
        #expect(try project.repo.git("status", "--porcelain") == "", "the queue's files are ignored by git")
    }

    @Test func runAllRunsEveryQueuedExperimentInATemporaryCopyAndSavesItOnItsBaseline() throws {
        let project = try Self.project()
        let head = try project.repo.git("rev-parse", "HEAD")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2,0.3,0.4", "-n", "lr")
        let run = try project.mlx("exp", "run", "--run-all", "-j", "2")
        #expect(run.status == 0, "\(run.stderr)")
        let saved = try refs(project, "refs/exps/")
        try #require(saved.count == 3)
        #expect(saved.allSatisfy { $0.hasPrefix("refs/exps/\(head.prefix(2))/\(head.dropFirst(2))/lr-") })
        #expect(try project.repo.git("rev-parse", "\(saved[2])^") == head)
        #expect(try project.repo.git("show", "\(saved[2]):params.yaml").contains("lr: 0.4"))
        #expect(try project.repo.git("show", "\(saved[2]):metrics.json").contains("size"))
        #expect(try project.repo.git("show", "\(saved[2]):mlx.lock").contains("0.4"))
        #expect(try refs(project, "refs/exps-queue/").isEmpty)
        #expect(try project.repo.git("status", "--porcelain") == "", "the workspace is untouched")
        #expect(try project.repo.git("worktree", "list").split(separator: "\n").count == 1, "the temporary copies are gone")
        let status = try project.mlx("queue", "status")
        #expect(status.stdout.components(separatedBy: "Success").count == 4, "\(status.stdout)")
    }

    @Test func aFailingExperimentIsKeptFailedWithItsLogWhileTheOthersGoOn() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.12,0.13,0.14", "-n", "lr")
        let run = try project.mlx("exp", "run", "--run-all", "-j", "2")
        #expect(run.status == 1)
        #expect(run.stderr.contains("mlx: error: experiment 'lr-2' failed"), "\(run.stderr)")
        #expect(run.stderr.contains("1 of 3 experiments failed: lr-2"), "\(run.stderr)")
        #expect(try refs(project, "refs/exps/").count == 2)
        #expect(try refs(project, "refs/exps-queue/") == ["refs/exps-queue/lr-2"], "the failed experiment keeps its queue commit")
        #expect(try entry(project, "lr-2")["state"] as? String == "failed")
        let logs = try project.mlx("queue", "logs", "lr-2")
        #expect(logs.stdout.contains("running stage 'train'") && logs.stdout.contains("status 3"), "\(logs.stdout)")
        #expect(try project.mlx("queue", "status").stdout.contains("Failed"))
        let again = try project.mlx("exp", "run", "--run-all")
        #expect(again.status == 0 && again.stdout.contains("No queued experiments to run."), "a failed experiment is not run again")
    }

    @Test func theCopiesShareTheProjectCacheAndItsRunCache() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.5", "-n", "first")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.5", "-n", "second")
        #expect(try project.mlx("exp", "run", "--run-all").status == 0)
        let first = try project.mlx("queue", "logs", "first").stdout
        let second = try project.mlx("queue", "logs", "second").stdout
        #expect(first.contains("running stage 'train'"), "\(first)")
        #expect(!second.contains("running stage 'train'") && second.contains("train"), "the second run is restored from the run cache: \(second)")
        #expect(!FileManager.default.fileExists(atPath: project.repo.appending(".mlx/tmp/exps/first")))
    }

    @Test func theCopyLinksFromTheCacheTheTrackedDataTheStagesRead() throws {
        let project = try PipelineProject(["params.yaml": "train:\n  lr: 0.1\n", "data/a.txt": "a\n", "data/b.txt": "b\n",
                                           "other/unread.txt": "u\n",
                                           "mlx.yaml": "stages:\n  count:\n    cmd: cat data/*.txt params.yaml | wc -l > count.txt\n    deps: [data]\n    params: [train.lr]\n    outs: [count.txt]\n"])
        try project.mlx("init", "--force")
        try project.mlx("add", "data", "other")
        try project.mlx("repro")
        try project.repo.commit("baseline")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.3", "-n", "data")
        let run = try project.mlx("exp", "run", "--run-all")
        #expect(run.status == 0, "\(run.stderr)")
        let log = try project.mlx("queue", "logs", "data").stdout
        #expect(log.contains("linked 2 files of tracked data from the cache"), "only the data a stage reads: \(log)")
        let saved = try refs(project, "refs/exps/")
        try #require(saved.count == 1)
        #expect(try project.repo.git("show", "\(saved[0]):mlx.lock").contains("0.3"))
        #expect(try project.repo.git("show", "\(saved[0]):other.mlx") == project.text("other.mlx")?.trimmingCharacters(in: .newlines))
    }

    @Test func tempRunsOneExperimentAtOnceAndLeavesTheWorkspaceAsItWas() throws {
        let project = try Self.project()
        let run = try project.mlx("exp", "run", "--temp", "-S", "train.lr=0.7", "-n", "quick")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("saved experiment 'quick'"), "\(run.stdout)")
        #expect(try refs(project, "refs/exps/").count == 1)
        #expect(project.text("params.yaml") == "train:\n  lr: 0.1\n")
        #expect(try project.repo.git("status", "--porcelain") == "")
    }

    @Test func anEntryWhoseCommitIsGoneFailsNamingItAndTheFix() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2", "-n", "lost")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.3", "-n", "kept")
        try project.repo.git("update-ref", "-d", "refs/exps-queue/lost")
        let run = try project.mlx("exp", "run", "--run-all")
        #expect(run.status == 1)
        let log = try project.mlx("queue", "logs", "lost").stdout
        #expect(log.contains("queued experiment 'lost': its commit (refs/exps-queue/lost) is gone"), "\(log)")
        #expect(log.contains("mlx queue remove lost"), "\(log)")
        #expect(try refs(project, "refs/exps/").count == 1, "the other experiment still ran")
        #expect(try project.mlx("queue", "remove", "lost").status == 0)
        #expect(!FileManager.default.fileExists(atPath: project.repo.appending(".mlx/queue/lost.json")))
    }

    @Test func aRunLeftRunningByADeadProcessIsShownInterruptedAndRunsAgain() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2", "-n", "crashed")
        let path = project.repo.appending(".mlx/queue/crashed.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "\"state\" : \"queued\"", with: "\"pid\" : 4000000, \"state\" : \"running\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try project.mlx("queue", "status").stdout.contains("Interrupted"))
        let run = try project.mlx("exp", "run", "--run-all")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try refs(project, "refs/exps/").count == 1)
    }

    @Test func killNineDuringARunLeavesNoHalfRefAndTheQueueResumes() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2", "-n", "victim")
        let hold = try project.write("hold", "")
        let runner = try startRunner(project, hold: hold)
        let pid = try waitForRunningPid(project, "victim")
        kill(pid, SIGKILL)
        kill(runner.processIdentifier, SIGKILL)
        _ = reap(runner)
        #expect(try refs(project, "refs/exps/").isEmpty, "no half experiment")
        try FileManager.default.removeItem(atPath: hold)
        let status = try project.mlx("queue", "status")
        #expect(status.stdout.contains("Interrupted"), "\(status.stdout)")
        let run = try project.mlx("exp", "run", "--run-all")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try refs(project, "refs/exps/").count == 1)
        #expect(try project.repo.git("worktree", "list").split(separator: "\n").count == 1)
    }

    @Test func queueKillStopsARunningExperimentAndMarksItFailed() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2", "-n", "slow")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.3", "-n", "next")
        let hold = try project.write("hold", "")
        let runner = try startRunner(project, hold: hold)
        _ = try waitForRunningPid(project, "slow")
        let killed = try project.mlx("queue", "kill", "slow")
        #expect(killed.status == 0, "\(killed.stderr)")
        try FileManager.default.removeItem(atPath: hold)
        #expect(reap(runner) == 1, "the runner says an experiment failed")
        #expect(try entry(project, "slow")["state"] as? String == "failed")
        #expect(try entry(project, "next")["state"] as? String == "done", "the runner went on")
    }

    @Test func queueRemoveForgetsEntriesAndRefusesUnknownNames() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2,0.3", "-n", "gone")
        let unknown = try project.mlx("queue", "remove", "nope")
        #expect(unknown.status == 1 && unknown.stderr.contains("mlx: error: no queued experiment 'nope'"))
        #expect(try refs(project, "refs/exps-queue/").count == 2, "nothing removed")
        #expect(try project.mlx("queue", "remove", "gone-1").status == 0)
        #expect(try refs(project, "refs/exps-queue/") == ["refs/exps-queue/gone-2"])
        let json = try project.mlx("queue", "status", "--json")
        #expect(json.stdout.contains("\"name\" : \"gone-2\"") && json.stdout.contains("\"status\" : \"queued\""), "\(json.stdout)")
        #expect(try project.mlx("queue", "remove", "--all").status == 0)
        #expect(try refs(project, "refs/exps-queue/").isEmpty)
        #expect(try project.mlx("queue", "status").stdout.contains("No experiments in the queue."))
    }

    @Test func expRemoveQueueForgetsTheQueuedButNotTheSavedExperiments() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2", "-n", "ran")
        #expect(try project.mlx("exp", "run", "--run-all").status == 0)
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.3,0.4", "-n", "waiting")
        let removed = try project.mlx("exp", "remove", "--queue")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try refs(project, "refs/exps-queue/").isEmpty)
        #expect(try refs(project, "refs/exps/").count == 1, "the saved experiment stays")
        let both = try project.mlx("exp", "remove", "--queue", "--all")
        #expect(both.status == 2 && both.stderr.contains("--queue takes no experiment names and no --all"), "\(both.stderr)")
    }

    @Test func theQueueFlagsRefuseCombinationsThatMeanNothing() throws {
        let project = try Self.project()
        let both = try project.mlx("exp", "run", "--queue", "--run-all")
        #expect(both.status == 2 && both.stderr.contains("--queue, --run-all and --temp cannot be combined"), "\(both.stderr)")
        let jobs = try project.mlx("exp", "run", "--queue", "-j", "2")
        #expect(jobs.status == 2 && jobs.stderr.contains("-j/--jobs goes with --run-all"), "\(jobs.stderr)")
        let sweep = try project.mlx("exp", "run", "--temp", "-S", "train.lr=0.2,0.3")
        #expect(sweep.status == 1 && sweep.stderr.contains("--temp runs one experiment"), "\(sweep.stderr)")
        #expect(try refs(project, "refs/exps-queue/").isEmpty, "nothing queued")
    }

    @Test func aTakenNameIsRefusedAndNothingIsQueued() throws {
        let project = try Self.project()
        try project.mlx("exp", "run", "--queue", "-n", "same")
        let again = try project.mlx("exp", "run", "--queue", "-n", "same")
        #expect(again.status == 1 && again.stderr.contains("mlx: error: experiment 'same' already exists"), "\(again.stderr)")
        let bad = try project.mlx("exp", "run", "--queue", "-S", "train.nope=1")
        #expect(bad.status == 1 && bad.stderr.contains("train.nope"), "\(bad.stderr)")
        #expect(try refs(project, "refs/exps-queue/").count == 1)
    }

    @Test func queueStopLetsTheRunningExperimentFinishAndLeavesTheRestQueued() throws {
        let project = try Self.project()
        #expect(try project.mlx("queue", "stop").stdout == "No queue runner is running.\n")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.2", "-n", "first")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.3", "-n", "second")
        try project.mlx("exp", "run", "--queue", "-S", "train.lr=0.4", "-n", "third")
        let hold = try project.write("hold", "")
        let runner = try startRunner(project, hold: hold)
        _ = try waitForRunningPid(project, "first")
        let stop = try project.mlx("queue", "stop")
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.hasSuffix("will stop after 1 running experiment (first); queued experiments stay queued.\n"), "\(stop.stdout)")
        try FileManager.default.removeItem(atPath: hold)
        #expect(reap(runner) == 0)
        #expect(try entry(project, "first")["state"] as? String == "done", "the running one finished")
        #expect(try entry(project, "second")["state"] as? String == "queued")
        #expect(try entry(project, "third")["state"] as? String == "queued")
        // The next runner is not stopped by the old request: it runs the rest.
        try project.mlx("exp", "run", "--run-all")
        #expect(try entry(project, "third")["state"] as? String == "done")
    }

    /// `mlx exp run --run-all` started in the background; its stages wait while `hold` exists.
    func startRunner(_ project: PipelineProject, hold: String) throws -> Process {
        let runner = Process()
        runner.executableURL = URL(fileURLWithPath: MLXBinary.path)
        runner.arguments = ["exp", "run", "--run-all"]
        runner.currentDirectoryURL = URL(fileURLWithPath: project.path)
        runner.environment = ProcessInfo.processInfo.environment.merging(["HOLD": hold, "NO_COLOR": "1"]) { $1 }
        runner.standardOutput = FileHandle.nullDevice
        runner.standardError = FileHandle.nullDevice
        try runner.run()
        return runner
    }

    /// Waits (up to 60 s) for `runner` to end and returns its exit status; polls, since
    /// `waitUntilExit` can wait forever for a child killed with SIGKILL.
    func reap(_ runner: Process) -> Int32 {
        for _ in 0..<1_200 where runner.isRunning { usleep(50_000) }
        return runner.isRunning ? -1 : runner.terminationStatus
    }

    /// Waits (up to 20 s) until the entry `name` is running with a pid, and returns the pid.
    func waitForRunningPid(_ project: PipelineProject, _ name: String) throws -> Int32 {
        for _ in 0..<400 {
            if let value = try? entry(project, name), value["state"] as? String == "running", let pid = value["pid"] as? Int,
               FileManager.default.fileExists(atPath: project.repo.appending(".mlx/tmp/exps/\(name)/mlx.yaml")) {
                usleep(300_000)
                return Int32(pid)
            }
            usleep(50_000)
        }
        throw ShellError(message: "experiment '\(name)' never started running")
    }
}
