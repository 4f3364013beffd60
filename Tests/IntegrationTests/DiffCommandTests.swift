import Foundation
import MLXTestSupport
import Testing

@Suite struct DiffCommandTests {
    @Test func headAgainstTheWorkspaceByDefault() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("data/train.csv", "v1")
        try repo.project.trackFile("data/old.csv", "old")
        try repo.commit("v1")
        try repo.project.trackFile("data/train.csv", "v2")
        try FileManager.default.removeItem(atPath: repo.root + "/data/old.csv.mlx")
        try repo.project.trackFile("data/new.csv", "new")

        let result = try repo.mlx(["diff"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            added: data/new.csv
            deleted: data/old.csv
            modified: data/train.csv
            1 added, 1 deleted, 1 modified

            """)
    }

    @Test func nothingChangedPrintsNothingOnStdout() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        try repo.commit("one")
        let result = try repo.mlx(["diff"])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "No tracked data differs between HEAD and the workspace.\n")
        #expect(try repo.mlx(["-q", "diff"]).stderr == "")
    }

    @Test func betweenTwoRevisionsWithFilesInsideADirectory() throws {
        let repo = try TrackedRepository()
        try repo.project.trackDirectory("images", files: ["a.jpg": "A", "b.jpg": "B"])
        try repo.project.trackFile("labels.csv", "l1")
        try repo.commit("one")
        try Shell.run("chmod -R u+w images && rm -rf images", in: repo.root)
        try repo.project.trackDirectory("images", files: ["a.jpg": "A2", "c.jpg": "C"])
        try repo.commit("two")
        try repo.project.trackFile("labels.csv", "l2")

        let result = try repo.mlx(["diff", "HEAD~1", "HEAD"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            modified: images
              added: images/c.jpg
              deleted: images/b.jpg
              modified: images/a.jpg
            0 added, 0 deleted, 1 modified

            """)
        let sinceOne = try repo.mlx(["diff", "HEAD~1"])
        #expect(sinceOne.stdout.hasSuffix("modified: labels.csv\n0 added, 0 deleted, 2 modified\n"))
    }

    @Test func jsonReportsOldAndNewOidsAndSizes() throws {
        let repo = try TrackedRepository()
        let old = try repo.project.trackFile("model.bin", "weights v1")
        try repo.commit("one")
        let new = try repo.project.trackFile("model.bin", "weights v2!")
        let result = try repo.mlx(["diff", "--json"])
        #expect(result.status == 0)
        let document = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(Set(document.keys) == ["added", "deleted", "modified", "renamed"])
        #expect((document["added"] as? [Any])?.isEmpty == true)
        let modified = try #require((document["modified"] as? [[String: Any]])?.first)
        #expect(modified["path"] as? String == "model.bin")
        #expect(modified["type"] as? String == "file")
        let before = try #require(modified["old"] as? [String: Any])
        let after = try #require(modified["new"] as? [String: Any])
        #expect(before["oid"] as? String == old && before["size"] as? Int == 10)
        #expect(after["oid"] as? String == new && after["size"] as? Int == 11)
    }

    @Test func missingManifestIsSaidAndUnknownRevisionNamed() throws {
        let repo = try TrackedRepository()
        let first = try repo.project.trackDirectory("d", files: ["x": "x"])
        try repo.commit("one")
        try repo.project.trackDirectory("d", files: ["x": "y"])
        try Shell.run("rm -f '\(repo.project.objectPath(first))'", in: repo.root)
        let result = try repo.mlx(["diff"])
        #expect(result.stdout == "modified: d\n  (files unknown: manifest \(first.prefix(8)).dir not in cache: run mlx fetch)\n"
            + "0 added, 0 deleted, 1 modified\n")

        let unknown = try repo.mlx(["diff", "v9.9"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout == "")
        #expect(unknown.stderr.hasPrefix("mlx: error: unknown revision 'v9.9'\nhint: "))
        let tooMany = try repo.mlx(["diff", "a", "b", "c"])
        #expect(tooMany.status == 2)
    }

    @Test func beforeTheFirstCommitEverythingIsAdded() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        let result = try repo.mlx(["diff"])
        #expect(result.status == 0)
        #expect(result.stdout == "added: a.csv\n1 added, 0 deleted, 0 modified\n")
    }
}
