import Foundation
import MLXTestSupport
import Testing

@Suite struct ExperimentRunTests {
    @Test func aRunSetsTheParamRunsTheStageAndSavesACommitBasedOnHead() throws {
        let project = try ExperimentProject()

        let result = try project.mlx("exp", "run", "-S", "train.lr=0.02", "-n", "low-lr")

        try expectSuccess(result)
        #expect(result.stdout.contains("saved experiment 'low-lr'"))
        #expect(try project.runs() == 1)
        let ref = "refs/exps/\(project.head.prefix(2))/\(project.head.dropFirst(2))/low-lr"
        #expect(try project.experimentRefs().map { $0.split(separator: " ")[0] } == [Substring(ref)])
        #expect(try project.repo.git("log", "-1", "--format=%P %s", ref) == "\(project.head) mlx exp: low-lr")
        #expect(try project.show(ref, "params.yaml").contains("lr: 0.02  # learning rate"))
        #expect(try project.show(ref, "mlx.lock").contains("lr: 0.02"))
        #expect(try project.show(ref, "metrics.json").contains("score"))
        #expect(throws: (any Error).self) { try project.show(ref, "log.txt") }
    }

    @Test func theUsersBranchIndexAndHeadStayAndTheResultsStayInTheWorkspace() throws {
        let project = try ExperimentProject()
        let statusBefore = try project.repo.git("status", "--porcelain")

        try expectSuccess(try project.mlx("exp", "run", "-S", "train.epochs=5"))

        #expect(try project.repo.git("rev-parse", "HEAD") == project.head)
        #expect(try project.repo.git("symbolic-ref", "HEAD") == "refs/heads/main")
        #expect(try project.repo.git("diff", "--cached", "--name-only").isEmpty)
        #expect(statusBefore.isEmpty)
        #expect(project.text("params.yaml")?.contains("epochs: 5") == true)
        #expect(project.text("model.txt")?.contains("epochs: 5") == true)
        #expect(project.repo.exists("mlx.lock"))
    }

    @Test func aVariantRunBeforeIsRestoredFromTheRunCacheWithoutRunning() throws {
        let project = try ExperimentProject()
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.5", "-n", "first"))
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.1", "-n", "back"))
        #expect(try project.runs() == 2)

        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.5", "-n", "again"))

        #expect(try project.runs() == 0)
        #expect(project.text("model.txt")?.contains("lr: 0.5") == true)
        #expect(try project.experimentRefs().count == 3)
    }

    @Test func generatedNamesAreUniqueAdjectiveNounPairs() throws {
        let project = try ExperimentProject()
        try expectSuccess(try project.mlx("exp", "run"))
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.3"))

        let names = try project.mlx("exp", "list", "--names-only").stdout.split(separator: "\n")

        #expect(names.count == 2)
        #expect(Set(names).count == 2)
        #expect(names.allSatisfy { $0.split(separator: "-").count == 2 })
    }

    @Test func aTakenNameIsRefusedBeforeAnythingRunsUnlessForced() throws {
        let project = try ExperimentProject()
        try expectSuccess(try project.mlx("exp", "run", "-n", "same"))
        _ = try project.runs()
        let refs = try project.experimentRefs()

        let refused = try project.mlx("exp", "run", "-S", "train.lr=0.9", "-n", "same")

        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("mlx: error: experiment 'same' already exists\n"))
        #expect(try project.runs() == 0)
        #expect(project.text("params.yaml") == ExperimentProject.params)
        #expect(try project.experimentRefs() == refs)

        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.9", "-n", "same", "-f"))
        #expect(try project.experimentRefs().count == 1)
        #expect(try project.experimentRefs() != refs)
    }

    @Test func anOverrideOfAKeyNoParamsFileHasNamesTheKeyAndTheFilesAndChangesNothing() throws {
        let project = try ExperimentProject(["extra.json": "{\"a\": 1}\n"])

        let result = try project.mlx("exp", "run", "-S", "train.lrr=0.3", "-S", "extra.json:a=2")

        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: -S train.lrr=0.3: no params file has the key 'train.lrr' (looked in params.yaml)\n"))
        #expect(project.text("params.yaml") == ExperimentProject.params)
        #expect(project.text("extra.json") == "{\"a\": 1}\n")
        #expect(try project.runs() == 0)
        #expect(try project.experimentRefs().isEmpty)
    }

    @Test func dvcsPlusAndTildePrefixesAddAndRemoveKeysAndATakenKeyIsRefused() throws {
        let project = try ExperimentProject()

        try expectSuccess(try project.mlx("exp", "run", "-S", "+seed=3", "-S", "++train.dropout=0.1", "-n", "seeded"))
        let params = project.text("params.yaml") ?? ""
        #expect(params.hasPrefix("seed: 3\n"), "keys sorted when the file is written again: \(params)")
        #expect(params.contains("  dropout: 0.1\n"), "\(params)")

        try expectSuccess(try project.mlx("exp", "run", "-S", "~seed", "-n", "unseeded"))
        #expect(project.text("params.yaml")?.contains("seed") == false)

        let taken = try project.mlx("exp", "run", "-S", "+train.lr=1")
        #expect(taken.status == 1)
        #expect(taken.stderr.hasPrefix("mlx: error: -S +train.lr=1: params file params.yaml already has the key 'train.lr'\n"))
    }

    @Test(arguments: [
        ("train.lr", "mlx: error: malformed -S 'train.lr': no '=' between key and value"),
        ("train..lr=1", "mlx: error: malformed -S 'train..lr=1': key 'train..lr' has an empty part between dots"),
        ("train.lr=range(1,2,0)", "mlx: error: malformed -S 'train.lr=range(1,2,0)': range() step cannot be 0"),
    ])
    func aMalformedOverrideIsOneClearErrorAndChangesNothing(argument: String, message: String) throws {
        let project = try ExperimentProject()

        let result = try project.mlx("exp", "run", "-S", argument)

        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix(message + "\n"))
        #expect(project.text("params.yaml") == ExperimentProject.params)
        #expect(try project.experimentRefs().isEmpty)
    }

    @Test func aNamedParamsFileIsFoundFromTheCurrentFolderAndKeepsItsLayout() throws {
        let project = try ExperimentProject(["conf/train.json": "{\n  \"lr\": 1,\n  \"layers\": [8, 16]\n}\n"])

        let result = try MLXBinary.run(["exp", "run", "-S", "train.json:layers.1=32", "-n", "wide"], in: project.repo.appending("conf"))

        try expectSuccess(result)
        #expect(project.text("conf/train.json") == "{\n  \"lr\": 1,\n  \"layers\": [8, 32]\n}\n")
        #expect(try project.experimentRefs().count == 1)
    }

    @Test func aSweepInTheWorkspaceAsksForTheQueue() throws {
        let project = try ExperimentProject()

        let result = try project.mlx("exp", "run", "-S", "train.lr=0.1,0.2", "-S", "train.epochs=range(1,4)")

        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: -S makes 6 experiments, and a sweep does not run in the workspace\n"))
        #expect(result.stderr.contains("--queue"))
        #expect(project.text("params.yaml") == ExperimentProject.params)
    }

    @Test func aFailedRunSavesNoExperiment() throws {
        let project = try ExperimentProject()
        try project.repo.write("mlx.yaml", "stages:\n  broken:\n    cmd: exit 3\n    params: [train.lr]\n")
        try project.repo.commit("broken")

        let result = try project.mlx("exp", "run", "-S", "train.lr=0.4")

        #expect(result.status == 1)
        #expect(try project.experimentRefs().isEmpty)
    }

    @Test func aRunOnABranchWithoutCommitsIsRefused() throws {
        let repo = try TemporaryDirectory.gitRepository("mlx-exp")
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))

        let result = try MLXBinary.run(["exp", "run"], in: repo.path)

        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: the repository has no commit yet, and an experiment is based on one\n"))
    }

    @Test func aRunKilledWithSignal9LeavesNoRefAndTheRepositoryConsistent() throws {
        let project = try ExperimentProject()
        try project.repo.write("mlx.yaml", "stages:\n  slow:\n    cmd: touch started && sleep 2 && echo done > out.txt\n    params: [train.lr]\n    outs: [out.txt]\n")
        try project.repo.write(".gitignore", "log.txt\nstarted\n")
        try project.repo.commit("slow")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MLXBinary.path)
        process.arguments = ["exp", "run", "-S", "train.lr=0.7", "-n", "killed"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !project.repo.exists("started") && Date() < deadline { usleep(10_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        sleep(3)

        #expect(try project.experimentRefs().isEmpty)
        #expect(try project.repo.git("fsck", "--no-progress", "--no-dangling").isEmpty)
        let main = try project.repo.git("rev-parse", "main")
        #expect(try project.repo.git("rev-parse", "HEAD") == main)
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.7", "-n", "killed"))
        #expect(try project.experimentRefs().count == 1)
    }
}
