import Foundation
import MLXTestSupport
import Testing

/// `mlx diff` and `mlx ls` cover the outputs `mlx.lock` records, as `dvc diff` and `dvc ls`
/// cover the outs of `dvc.yaml` stages.
@Suite struct DiffAndLsStageOutputsTests {
    /// `notes.txt` is `cache: false`: git carries it, so neither `diff` nor `ls` lists it (as DVC).
    static let pipeline = """
        stages:
          make:
            cmd: mkdir -p outdir && cp in.txt outdir/a.txt && echo fixed > outdir/keep.txt && cp in.txt out.txt && cp in.txt notes.txt
            deps: [in.txt]
            outs:
              - out.txt
              - outdir
              - notes.txt:
                  cache: false

        """

    /// A project whose stage ran and was committed twice (`in.txt` = v1, then v2).
    static func twoRuns() throws -> PipelineProject {
        let project = try PipelineProject(["mlx.yaml": pipeline, "in.txt": "v1\n"])
        #expect(try project.mlx("repro").status == 0)
        try project.repo.commit("v1")
        try project.write("in.txt", "v2\n")
        #expect(try project.mlx("repro").status == 0)
        try project.repo.commit("v2")
        return project
    }

    @Test func stageOutputsAndTheFilesOfDirectoryOutputsAreDiffedBetweenRevisions() throws {
        let project = try Self.twoRuns()
        let result = try project.mlx("diff", "HEAD~1", "HEAD")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            modified: out.txt
            modified: outdir
              modified: outdir/a.txt
            0 added, 0 deleted, 2 modified

            """)
        let json = try #require(try parseJSON(try project.mlx("diff", "--json", "HEAD~1", "HEAD").stdout) as? [String: Any])
        let outdir = try #require((json["modified"] as? [[String: Any]])?.last)
        #expect(outdir["type"] as? String == "dir")
        #expect(((outdir["files"] as? [String: Any])?["modified"] as? [[String: Any]])?.first?["path"] as? String == "outdir/a.txt")
    }

    @Test func aStageOutputEditedInTheWorkspaceShowsAsModified() throws {
        let project = try Self.twoRuns()
        #expect(try project.mlx("diff").stdout == "")
        try FileManager.default.removeItem(atPath: project.repo.appending("out.txt"))
        try project.write("out.txt", "edited by hand\n")
        try FileManager.default.removeItem(atPath: project.repo.appending("outdir/keep.txt"))
        let result = try project.mlx("diff")
        #expect(result.stdout == """
            modified: out.txt
            modified: outdir
              deleted: outdir/keep.txt
            0 added, 0 deleted, 2 modified

            """)
    }

    @Test func aDirectoryOutputWhoseOldManifestIsNotCachedIsSaidNotGuessed() throws {
        let project = try Self.twoRuns()
        let listing = try #require(try parseJSON(try project.mlx("ls", "--rev", "HEAD~1", "--json").stdout) as? [[String: Any]])
        let oldOID = try #require(listing.first { $0["path"] as? String == "outdir" }?["oid"] as? String)
        let cache = try HandmadeProject(root: project.path)
        try FileManager.default.removeItem(atPath: cache.objectPath(oldOID))
        let result = try project.mlx("diff", "HEAD~1", "HEAD")
        #expect(result.status == 0)
        #expect(result.stdout == """
            modified: out.txt
            modified: outdir
              (files unknown: manifest \(oldOID.prefix(8)).dir not in cache: run mlx fetch)
            0 added, 0 deleted, 2 modified

            """)
    }

    @Test func lsListsStageOutputsInTheWorkspaceAndAtARevision() throws {
        let project = try Self.twoRuns()
        let result = try project.mlx("ls")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
        #expect(lines == ["out.txt file 3", "outdir/ dir 2"])

        let recursive = try project.mlx("ls", "-R", "outdir/a.txt")
        #expect(recursive.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) } == ["outdir/", "outdir/a.txt"])

        let old = try #require(try parseJSON(try project.mlx("ls", "--rev", "HEAD~1", "--json").stdout) as? [[String: Any]])
        #expect(old.map { $0["path"] as? String } == ["out.txt", "outdir"])
        #expect(old.map { $0["pointer"] as? String } == ["mlx.lock", "mlx.lock"])
        #expect(old.first?["oid"] as? String == HandmadeProject.oid(of: "v1\n"))

        let untracked = try project.mlx("ls", "in.txt")
        #expect(untracked.status == 1)
        #expect(untracked.stderr.hasPrefix("mlx: error: in.txt: is not tracked by mlx\n"))
    }
}
