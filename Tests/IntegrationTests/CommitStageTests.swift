import Foundation
import MLXTestSupport
import Testing

/// `mlx commit STAGE`, as `dvc commit`: a stage's current outputs, deps, params and command go
/// into mlx.lock and its outputs into the cache, without running it.
@Suite struct CommitStageTests {
    static let pipeline = FreezeCommandTests.pipeline

    /// The object files in a project's cache.
    static func cachedObjects(in root: String) -> Set<String> {
        let files = root + "/.mlx/cache/files"
        let names = FileManager.default.enumerator(atPath: files)?.allObjects as? [String] ?? []
        return Set(names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: files + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
        })
    }

    @Test func aHandEditedOutputIsRecordedInTheLockAndTheCacheWithoutRunningTheStage() throws {
        let project = try PipelineProject(["mlx.yaml": Self.pipeline, "input.txt": "one\n"])
        #expect(try project.mlx("repro").status == 0)
        _ = try project.ran()
        try project.write("model.txt", "tuned by hand\n")

        let commit = try project.mlx("commit", "train")
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(commit.stdout == "committed stage 'train' (outputs changed (model.txt))\n")
        #expect(commit.stderr.contains("git add mlx.lock"))
        #expect(try project.ran().isEmpty, "commit never runs a command")
        #expect(try project.mlx("status").stdout.contains("up to date"))
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.ran().isEmpty)

        try FileManager.default.removeItem(atPath: project.path + "/model.txt")
        #expect(try project.mlx("checkout", "train").status == 0)
        #expect(project.text("model.txt") == "tuned by hand\n", "the committed content is in the cache")
    }

    @Test func anOutputReachedThroughASymlinkOutOfTheProjectIsRefusedAndNothingRecorded() throws {
        let outside = TemporaryDirectory()
        _ = try outside.write("secret.txt", "not the project's\n")
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              leak:
                cmd: echo made > out/secret.txt
                outs:
                - out/secret.txt
            """])
        try FileManager.default.createSymbolicLink(atPath: project.path + "/out", withDestinationPath: outside.path)
        let lockBefore = project.text("mlx.lock")
        let objectsBefore = Self.cachedObjects(in: project.path)

        let commit = try project.mlx("commit", "leak")
        #expect(commit.status != 0)
        #expect(commit.stderr.hasPrefix("mlx: error: out/secret.txt: path leads out of the project through a symlink"), "\(commit.stderr)")
        #expect(project.text("mlx.lock") == lockBefore)
        #expect(Self.cachedObjects(in: project.path) == objectsBefore)
    }

    @Test func aCommittedDependencyChangeLeavesNothingToRun() throws {
        let project = try PipelineProject(["mlx.yaml": Self.pipeline, "input.txt": "one\n"])
        #expect(try project.mlx("repro").status == 0)
        _ = try project.ran()
        try project.write("input.txt", "one, reformatted\n")

        let commit = try project.mlx("commit", "mlx.yaml:prepare")
        #expect(commit.stdout == "committed stage 'prepare' (dependencies changed (input.txt))\n", "\(commit.stderr)")
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.ran().isEmpty)
        #expect(project.text("prepared.txt") == "one\n")
        #expect(try project.mlx("commit", "prepare").stdout
            == "Nothing to commit: tracked data matches its pointer files and stages match mlx.lock.\n")
    }

    @Test func groupNamesItemsAndMlxYamlNameStagesAsReproDoes() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              copy:
                foreach: [a, b]
                do:
                  cmd: cp ${item}.txt ${item}.out
                  deps:
                    - ${item}.txt
                  outs:
                    - ${item}.out
              join:
                cmd: cat a.out b.out > all.txt
                deps: [a.out, b.out]
                outs: [all.txt]

            """, "a.txt": "a\n", "b.txt": "b\n"])
        #expect(try project.mlx("repro").status == 0)
        try project.write("a.out", "A\n")
        try project.write("b.out", "B\n")
        #expect(try project.mlx("commit", "copy@a").stdout == "committed stage 'copy@a' (outputs changed (a.out))\n")
        try project.write("a.out", "AA\n")
        #expect(try project.mlx("commit", "copy").stdout
            == "committed stage 'copy@a' (outputs changed (a.out))\ncommitted stage 'copy@b' (outputs changed (b.out))\n")
        try project.write("all.txt", "everything\n")
        #expect(try project.mlx("commit", "mlx.yaml").stdout
            == "committed stage 'join' (dependencies changed (a.out, b.out); outputs changed (all.txt))\n")
        #expect(try project.mlx("status").stdout.contains("up to date"))
    }

    @Test func anOutputPathCommitsTheStageThatWritesIt() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              make:
                cmd: mkdir -p out && echo x > out/x && echo y > out/y
                outs: [out]

            """])
        #expect(try project.mlx("repro").status == 0)
        try project.write("out/x", "by hand\n")
        #expect(try project.mlx("commit", "out/x").stdout == "committed stage 'make' (outputs changed (out))\n")
        #expect(project.text("mlx.lock")?.contains("size: 10") == true)
    }

    @Test func withoutTargetsChangedStagesAreNamedButRecordedOnlyWithForce() throws {
        let project = try PipelineProject(["mlx.yaml": Self.pipeline, "input.txt": "one\n", "data.csv": "1\n"])
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.mlx("add", "-q", "data.csv").status == 0)
        try project.write("data.csv", "2\n")
        try project.write("input.txt", "two\n")
        let lock = project.text("mlx.lock")

        let commit = try project.mlx("commit")
        #expect(commit.status == 0)
        #expect(commit.stdout == "committed data.csv (2 B)\n")
        #expect(commit.stderr.contains("stages that differ from mlx.lock were not recorded: 'prepare'\n"), "\(commit.stderr)")
        #expect(commit.stderr.contains("'mlx commit --force'"))
        #expect(project.text("mlx.lock") == lock)

        let forced = try project.mlx("commit", "-f")
        #expect(forced.stdout == "committed stage 'prepare' (dependencies changed (input.txt))\n", "\(forced.stderr)")
        #expect(try project.mlx("status").stdout.contains("up to date"))
    }

    @Test func aTargetThatCannotBeCommittedChangesNothing() throws {
        let project = try PipelineProject(["mlx.yaml": Self.pipeline, "input.txt": "one\n", "data.csv": "1\n"])
        #expect(try project.mlx("repro").status == 0)
        #expect(try project.mlx("add", "-q", "data.csv").status == 0)
        try project.write("data.csv", "2\n")
        try project.write("model.txt", "by hand\n")
        try FileManager.default.removeItem(atPath: project.path + "/prepared.txt")
        let lock = project.text("mlx.lock")
        let pointer = project.text("data.csv.mlx")
        let objects = Self.cachedObjects(in: project.path)

        let missing = try project.mlx("commit", "data.csv", "train", "prepare")
        #expect(missing.status == 1)
        #expect(missing.stderr == """
            mlx: error: stage 'prepare' cannot be committed: output 'prepared.txt' does not exist
            hint: 'mlx checkout prepare' restores the recorded one, 'mlx repro prepare' runs the stage to make it

            """)
        let unknown = try project.mlx("commit", "train", "mlx.yaml:nope")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("mlx: error: mlx.yaml: no stage named 'nope'\n"), "\(unknown.stderr)")
        #expect(project.text("mlx.lock") == lock)
        #expect(project.text("data.csv.mlx") == pointer)
        #expect(Self.cachedObjects(in: project.path) == objects)
    }
}
