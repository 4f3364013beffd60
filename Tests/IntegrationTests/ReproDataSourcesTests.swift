import Foundation
import MLXTestSupport
import Testing

/// Pointer-tracked inputs as sources of the pipeline (DVC's `.dvc` stages): re-recorded by
/// `repro` when they changed, drawn by `dag`, joining pipelines for `-p`; and `repro --pull`
/// bringing missing tracked data from the remote.
@Suite struct ReproDataSourcesTests {
    static let pipeline = """
        stages:
          prepare:
            cmd: echo prepare >> log.txt && sort data/raw.txt > prepared.txt
            deps: [data/raw.txt]
            outs: [prepared.txt]
          count:
            cmd: echo count >> log.txt && wc -l < prepared.txt > count.txt
            deps: [prepared.txt]
            outs: [count.txt]
          words:
            cmd: echo words >> log.txt && wc -w < data/raw.txt > words.txt
            deps: [data/raw.txt]
            outs: [words.txt]
          other:
            cmd: echo other >> log.txt && cat notes.txt > other.txt
            deps: [notes.txt]
            outs: [other.txt]

        """

    static func tracked() throws -> PipelineProject {
        let project = try PipelineProject(["mlx.yaml": pipeline, "data/raw.txt": "b\na\n", "notes.txt": "n\n", ".gitignore": "/log.txt\n"])
        let add = try project.mlx("add", "data/raw.txt")
        #expect(add.status == 0, "\(add.stderr)")
        let repro = try project.mlx("repro")
        #expect(repro.status == 0, "\(repro.stderr)")
        _ = try project.ran()
        return project
    }

    @Test func aChangedTrackedInputIsRecordedBeforeTheStagesThatReadItAndDryChangesNothing() throws {
        let project = try ReproDataSourcesTests.tracked()
        let pointer = try #require(project.text("data/raw.txt.mlx"))
        try Shell.run("chmod -R u+w data && printf 'c\\nb\\na\\n' > data/raw.txt", in: project.path)

        let dry = try project.mlx("repro", "--dry")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("data 'data/raw.txt': changed, would be recorded in data/raw.txt.mlx\n"), "\(dry.stdout)")
        #expect(project.text("data/raw.txt.mlx") == pointer)
        #expect(try project.ran().isEmpty)

        let repro = try project.mlx("repro")
        #expect(repro.status == 0, "\(repro.stderr)")
        #expect(repro.stdout.hasPrefix("data 'data/raw.txt': changed, recorded in data/raw.txt.mlx\n"), "\(repro.stdout)")
        #expect(try project.ran() == ["prepare", "count", "words"])
        #expect(project.text("data/raw.txt.mlx") != pointer)
        #expect(try project.mlx("status").stdout.contains("data/raw.txt") == false)

        // Recorded once: the next run has nothing to say about it.
        let again = try project.mlx("repro", "--json")
        #expect(!again.stderr.contains("data 'data/raw.txt'"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        let sources = try #require(document["sources"] as? [[String: Any]])
        #expect(sources.map { "\($0["pointer"]!):\($0["path"]!):\($0["action"]!)" } == ["data/raw.txt.mlx:data/raw.txt:unchanged"])
    }

    @Test func singleItemLeavesTrackedInputsAloneAsDVCDoes() throws {
        let project = try ReproDataSourcesTests.tracked()
        let pointer = project.text("data/raw.txt.mlx")
        try Shell.run("chmod -R u+w data && printf 'z\\n' > data/raw.txt", in: project.path)
        let result = try project.mlx("repro", "-s", "words")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try project.ran() == ["words"])
        #expect(project.text("data/raw.txt.mlx") == pointer)
    }

    @Test func dagShowsThePointerFilesOfTrackedInputs() throws {
        let project = try ReproDataSourcesTests.tracked()
        #expect(try project.mlx("dag").stdout == """
            data/raw.txt.mlx
            prepare <- data/raw.txt.mlx
            count <- prepare
            words <- data/raw.txt.mlx
            other

            """)
        #expect(try project.mlx("dag", "count").stdout == "data/raw.txt.mlx\nprepare <- data/raw.txt.mlx\ncount <- prepare\n")
        #expect(try project.mlx("dag", "--dot", "words").stdout == """
            strict digraph {
            \t"words";
            \t"data/raw.txt.mlx";
            \t"data/raw.txt.mlx" -> "words";
            }

            """)
        #expect(try project.mlx("dag", "--mermaid", "words").stdout.contains("\tnode2[\"data/raw.txt.mlx\"]\n\tnode2-->node1\n"))
    }

    @Test func pipelineJoinsStagesThatReadTheSameTrackedData() throws {
        let project = try ReproDataSourcesTests.tracked()
        try project.mlx("repro", "-f", "-p", "count")
        #expect(try project.ran() == ["prepare", "count", "words"])
    }

    @Test func pullFetchesTrackedInputsAndRecordedOutputsAFreshCloneLacks() throws {
        let project = try RemoteTestProject()
        try project.root.write("a/mlx.yaml", ReproDataSourcesTests.pipeline)
        try project.root.write("a/data/raw.txt", "b\na\n")
        try project.root.write("a/notes.txt", "n\n")
        try project.root.write("a/.gitignore", "/log.txt\n")
        try project.mlx(["add", "data/raw.txt"])
        try project.mlx(["repro"])
        try project.mlx(["push"])
        try project.sh("git add -A && git commit -qm pipeline")

        let clone = try project.clone()
        let without = try MLXBinary.run(["repro", "--dry"], in: clone)
        #expect(without.status == 1)
        #expect(without.stderr.contains("dependency 'data/raw.txt' does not exist"), "\(without.stderr)")
        #expect(!FileManager.default.fileExists(atPath: clone + "/data/raw.txt"))

        let repro = try project.mlx(["repro", "--pull"], in: clone)
        #expect(repro.stdout.hasPrefix("fetched 4 files of missing data from remote 'store'\n"), "\(repro.stdout)")
        #expect(repro.stdout.contains("stage 'prepare': restored prepared.txt from cache"), "\(repro.stdout)")
        #expect(!repro.stdout.contains("running"))
        #expect(RunCacheRemoteTests.log(clone).isEmpty)
        try RemoteTestProject.sh("cmp a/data/raw.txt b/data/raw.txt && cmp a/prepared.txt b/prepared.txt && cmp a/words.txt b/words.txt && cmp a/mlx.lock b/mlx.lock",
                                 in: project.root.path)
    }

    @Test func aMalformedPointerOfATrackedInputStopsReproBeforeAnyStageRuns() throws {
        let project = try ReproDataSourcesTests.tracked()
        try Shell.run("chmod u+w data/raw.txt.mlx; printf 'not a pointer\\n' > data/raw.txt.mlx", in: project.path)
        let lock = project.text("mlx.lock")
        let result = try project.mlx("repro", "-f")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: data/raw.txt.mlx"), "\(result.stderr)")
        #expect(try project.ran().isEmpty)
        #expect(project.text("mlx.lock") == lock)
    }

    @Test func pullWarnsAboutDataTheRemoteLacksAndTheStageThenFailsAsWithout() throws {
        let project = try RemoteTestProject()
        try project.root.write("a/mlx.yaml", ReproDataSourcesTests.pipeline)
        try project.root.write("a/data/raw.txt", "b\na\n")
        try project.root.write("a/notes.txt", "n\n")
        try project.mlx(["add", "data/raw.txt"])
        try project.mlx(["repro"])
        try project.sh("git add -A && git commit -qm 'pipeline, never pushed'")

        let clone = try project.clone()
        let repro = try MLXBinary.run(["repro", "--pull"], in: clone)
        #expect(repro.status == 1)
        #expect(repro.stderr.contains("mlx: warning: --pull: "), "\(repro.stderr)")
        #expect(repro.stderr.contains("dependency 'data/raw.txt' does not exist"), "\(repro.stderr)")
        #expect(!FileManager.default.fileExists(atPath: clone + "/data/raw.txt"))
    }
}
