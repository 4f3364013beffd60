import Foundation
import MLXTestSupport
import Testing

/// `mlx add --no-commit`, as DVC's: the pointer records the hashes, the content stays out of the
/// cache until `mlx commit` puts it there.
@Suite struct AddNoCommitTests {
    @Test func thePointerIsWrittenButTheCacheStaysEmptyUntilCommit() throws {
        let project = try PipelineProject(["d/a": "a\n", "d/b": "b\n", "f.txt": "f\n"])
        let reference = try PipelineProject(["d/a": "a\n", "d/b": "b\n", "f.txt": "f\n"])
        #expect(try reference.mlx("add", "-q", "d", "f.txt").status == 0)

        let add = try project.mlx("add", "--no-commit", "d", "f.txt")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "added d (2 files, 4 B, not cached)\nadded f.txt (2 B, not cached)\n")
        #expect(project.text("d.mlx") == reference.text("d.mlx"), "the same hashes as a caching add")
        #expect(project.text("f.txt.mlx") == reference.text("f.txt.mlx"))
        #expect(project.text(".gitignore") == "/d\n/f.txt\n")
        #expect(CommitStageTests.cachedObjects(in: project.path).isEmpty)

        let status = try project.mlx("status")
        #expect(status.stdout == "\tnot in cache: d\n\tnot in cache: f.txt\n")
        #expect(status.stderr.contains("hint: 'mlx commit' puts data the workspace holds into the cache"), "\(status.stderr)")
        let checkout = try project.mlx("checkout")
        #expect(checkout.status == 0, "the workspace already holds what the pointers record: \(checkout.stderr)")
        #expect(checkout.stdout.isEmpty)

        let commit = try project.mlx("commit")
        #expect(commit.stdout == "committed d (4 B)\ncommitted f.txt (2 B)\n", "\(commit.stderr)")
        #expect(CommitStageTests.cachedObjects(in: project.path) == CommitStageTests.cachedObjects(in: reference.path))
        #expect(try project.mlx("status").stdout == "Data and pointer files are up to date.\n")
        try FileManager.default.removeItem(atPath: project.path + "/d")
        #expect(try project.mlx("checkout", "d").stdout == "restored d (2 files)\n")
        #expect(project.text("d/b") == "b\n")
    }

    @Test func deletedDataThatWasNeverCachedCannotBeCheckedOutAndCheckoutSaysSo() throws {
        let project = try PipelineProject(["f.txt": "f\n"])
        #expect(try project.mlx("add", "-q", "--no-commit", "f.txt").status == 0)
        try FileManager.default.removeItem(atPath: project.path + "/f.txt")
        let checkout = try project.mlx("checkout", "f.txt")
        #expect(checkout.status == 1)
        #expect(checkout.stderr.hasPrefix("mlx: error: f.txt: object "), "\(checkout.stderr)")
        #expect(checkout.stderr.contains(" is not in the cache\n"))
        #expect(project.text("f.txt.mlx") != nil)
    }
}
