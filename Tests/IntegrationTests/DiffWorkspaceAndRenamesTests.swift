import Foundation
import MLXTestSupport
import Testing

@Suite struct DiffWorkspaceAndRenamesTests {
    @Test func dataChangedInTheWorkspaceButNotYetAddedShowsAsModifiedOrDeleted() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        try repo.project.trackFile("gone.csv", "g")
        try repo.project.trackFile("same.csv", "s")
        try repo.project.trackDirectory("images", files: ["a.jpg": "A", "b.jpg": "B"])
        try repo.commit("one")
        try repo.project.write("a.csv", "edited, not added")
        try FileManager.default.removeItem(atPath: repo.root + "/gone.csv")
        try repo.project.write("images/c.jpg", "C")
        try repo.project.write("images/b.jpg", "B2")

        let result = try repo.mlx(["diff"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            deleted: gone.csv
            modified: a.csv
            modified: images
              added: images/c.jpg
              modified: images/b.jpg
            0 added, 1 deleted, 2 modified

            """)
        let json = try #require(try parseJSON(try repo.mlx(["diff", "--json"]).stdout) as? [String: Any])
        let modified = try #require(json["modified"] as? [[String: Any]])
        let after = try #require(modified.first?["new"] as? [String: Any])
        #expect(after["oid"] as? String == HandmadeProject.oid(of: "edited, not added"))
        // The same comparison against a named revision.
        #expect(try repo.mlx(["diff", "HEAD"]).stdout == result.stdout)
    }

    @Test func hashesLearntByADiffAreKeptForTheNextCommand() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        try repo.commit("one")
        let index = repo.root + "/.mlx/tmp/hashindex"
        #expect(!FileManager.default.fileExists(atPath: index))
        try repo.project.write("a.csv", "edited")
        #expect(try repo.mlx(["diff"]).stdout == "modified: a.csv\n0 added, 0 deleted, 1 modified\n")
        #expect(FileManager.default.fileExists(atPath: index))
    }

    @Test func contentMovedToAnotherPathShowsAsRenamedInTextJsonAndMarkdown() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("data/a.csv", "same bytes")
        try repo.project.trackDirectory("images", files: ["a.jpg": "A", "keep.jpg": "K"])
        try repo.commit("one")
        try Shell.run("rm data/a.csv data/a.csv.mlx && mv images/a.jpg images/z.jpg", in: repo.root)
        try repo.project.trackFile("data/moved.csv", "same bytes")

        let result = try repo.mlx(["diff"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            renamed: data/a.csv -> data/moved.csv
            modified: images
              renamed: images/a.jpg -> images/z.jpg
            0 added, 0 deleted, 1 modified, 1 renamed

            """)

        let json = try #require(try parseJSON(try repo.mlx(["diff", "--json"]).stdout) as? [String: Any])
        #expect(Set(json.keys) == ["added", "deleted", "modified", "renamed"])
        let renamed = try #require((json["renamed"] as? [[String: Any]])?.first)
        #expect(renamed["path"] as? [String: String] == ["old": "data/a.csv", "new": "data/moved.csv"])
        #expect((json["added"] as? [Any])?.isEmpty == true && (json["deleted"] as? [Any])?.isEmpty == true)

        let markdown = try repo.mlx(["diff", "--md"])
        #expect(markdown.stdout == """
            | Status   | Path                         |
            |----------|------------------------------|
            | renamed  | data/a.csv -> data/moved.csv |
            | renamed  | images/a.jpg -> images/z.jpg |
            | modified | images/                      |

            """)
    }

    @Test func targetsKeepOnlyTheChangesUnderThem() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        try repo.project.trackDirectory("images", files: ["x/a.jpg": "A", "y/b.jpg": "B"])
        try repo.commit("one")
        try repo.project.write("a.csv", "a2")
        try repo.project.write("images/x/a.jpg", "A2")
        try repo.project.write("images/y/b.jpg", "B2")

        let images = try repo.mlx(["diff", "--targets", "images.mlx"])
        #expect(images.stdout == "modified: images\n  modified: images/x/a.jpg\n  modified: images/y/b.jpg\n"
            + "0 added, 0 deleted, 1 modified\n")
        let inside = try repo.mlx(["diff", "HEAD", "--targets", "y"], in: "images")
        #expect(inside.stdout == "modified: images\n  modified: images/y/b.jpg\n0 added, 0 deleted, 1 modified\n")
        let nothing = try repo.mlx(["diff", "--targets", "elsewhere"])
        #expect(nothing.status == 0 && nothing.stdout == "")
        #expect(try repo.mlx(["diff", "--json", "--md"]).status == 2)
    }
}
