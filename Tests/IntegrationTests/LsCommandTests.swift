import Foundation
import MLXTestSupport
import Testing

/// A git repository holding a hand-made mlx project, for the tracked-data commands.
struct TrackedRepository {
    let directory: TemporaryDirectory
    let project: HandmadeProject

    init() throws {
        directory = try TemporaryDirectory.gitRepository()
        project = try HandmadeProject(root: directory.path)
        try directory.write(".mlx/.gitignore", "/cache/\n/tmp/\n")
    }

    var root: String { directory.path }

    /// Commits every pointer file (and `.mlx/.gitignore`) and returns the commit's oid.
    @discardableResult
    func commit(_ message: String) throws -> String {
        let result = try Shell.run(
            "git add -A -- '*.mlx' .mlx/.gitignore && git commit -q --allow-empty -m '\(message)' && git rev-parse HEAD", in: root)
        guard result.status == 0 else { throw GitCommitFailed(output: result.stderr) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func mlx(_ arguments: [String], in subfolder: String = "") throws -> ProcessResult {
        try MLXBinary.run(arguments, in: subfolder.isEmpty ? root : root + "/" + subfolder)
    }
}

struct GitCommitFailed: Error { let output: String }

/// Parses a JSON document printed on stdout.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}

@Suite struct LsCommandTests {
    @Test func listsWorkspaceOutputsInAlignedColumns() throws {
        let repo = try TrackedRepository()
        let csv = try repo.project.trackFile("data/train.csv", "a,b\n1,2\n")
        let dir = try repo.project.trackDirectory("data/images", files: ["a.jpg": "AAAA", "b.jpg": "BB"])
        let result = try repo.mlx(["ls"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            data/images/    dir   2 files  6 B  \(dir.prefix(8))
            data/train.csv  file           8 B  \(csv.prefix(8))

            """)
        // From a subfolder, a relative PATH names the same output; paths stay project-relative.
        let sub = try repo.mlx(["ls", "train.csv"], in: "data")
        #expect(sub.stdout == "data/train.csv  file  8 B  \(csv.prefix(8))\n")
    }

    @Test func recursiveListingShowsFilesOrSaysTheManifestIsMissing() throws {
        let repo = try TrackedRepository()
        let dir = try repo.project.trackDirectory("images", files: ["a.jpg": "AAAA", "sub/b.jpg": "BB"])
        let masks = try repo.project.trackDirectory("masks", files: ["m.png": "M"], cacheManifest: false)
        let result = try repo.mlx(["ls", "-R"])
        #expect(result.status == 0)
        let a = HandmadeProject.oid(of: "AAAA").prefix(8), b = HandmadeProject.oid(of: "BB").prefix(8)
        let lines = [
            "images/" + String(repeating: " ", count: 11) + "dir   2 files  6 B  \(dir.prefix(8))",
            "images/a.jpg      file" + String(repeating: " ", count: 11) + "4 B  \(a)",
            "images/sub/b.jpg  file" + String(repeating: " ", count: 11) + "2 B  \(b)",
            "masks/" + String(repeating: " ", count: 12) + "dir   1 file   1 B  \(masks.prefix(8))  (manifest not in cache: run mlx fetch)",
        ]
        #expect(result.stdout == lines.joined(separator: "\n") + "\n")
    }

    @Test func jsonIsOneDocumentWithStableKeys() throws {
        let repo = try TrackedRepository()
        let csv = try repo.project.trackFile("train.csv", "x")
        try repo.project.trackDirectory("d", files: ["f": "f"])
        let result = try repo.mlx(["ls", "--json", "--recursive"])
        #expect(result.status == 0)
        let entries = try #require(try parseJSON(result.stdout) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(Set(entries[0].keys) == ["path", "pointer", "type", "oid", "size", "nfiles", "files", "manifest_in_cache"])
        #expect(Set(entries[1].keys) == ["path", "pointer", "type", "oid", "size", "nfiles"])
        #expect(entries[1]["oid"] as? String == csv)
        #expect(entries[1]["type"] as? String == "file")
        #expect(entries[1]["nfiles"] is NSNull)
        let files = try #require(entries[0]["files"] as? [[String: Any]])
        #expect(files.first?["path"] as? String == "d/f")
    }

    @Test func revReadsPointersFromGitWithoutCheckingOut() throws {
        let repo = try TrackedRepository()
        let v1 = try repo.project.trackFile("data/train.csv", "version 1")
        try repo.commit("v1")
        let v2 = try repo.project.trackFile("data/train.csv", "version two")
        try repo.project.trackFile("data/extra.csv", "uncommitted")
        try repo.commit("v2")
        try FileManager.default.removeItem(atPath: repo.root + "/data/train.csv.mlx")

        let old = try repo.mlx(["ls", "--rev", "HEAD~1", "--json"])
        #expect(old.status == 0)
        let entries = try #require(try parseJSON(old.stdout) as? [[String: Any]])
        #expect(entries.map { $0["path"] as? String } == ["data/train.csv"])
        #expect(entries.first?["oid"] as? String == v1)
        let head = try repo.mlx(["ls", "--rev", "HEAD", "data/train.csv"])
        #expect(head.stdout.hasSuffix("  \(v2.prefix(8))\n"))
        // The workspace was not touched: the deleted pointer is still deleted.
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/data/train.csv.mlx"))
        #expect(try repo.mlx(["ls"]).stdout.hasPrefix("data/extra.csv"))
    }

    @Test func malformedPointerFailsWithFileLineAndColumn() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("good.csv", "g")
        try repo.project.write("bad.csv.mlx", "outs:\n- path: bad.csv\n  hash: blake3\n  oid: 42\n  size: 1\n")
        let result = try repo.mlx(["ls"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("mlx: error: bad.csv.mlx:4:"))
    }

    @Test func anErrorsCauseFollowsItsHintOnlyWithVerbose() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        try repo.commit("one")
        let plain = try repo.mlx(["ls", "--rev", "no-such-branch"]).stderr.split(separator: "\n")
        #expect(plain.count == 2)
        #expect(plain.last?.hasPrefix("hint: ") == true)
        let verbose = try repo.mlx(["-v", "ls", "--rev", "no-such-branch"]).stderr.split(separator: "\n")
        #expect(verbose.count == 3)
        #expect(verbose.dropLast() == plain[...])
        #expect(verbose.last?.hasPrefix("cause: ") == true && verbose.last?.contains("git_revparse_single") == true)
    }

    @Test func unknownRevisionAndUntrackedPathAreErrorsNamingThem() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        try repo.commit("one")
        let unknown = try repo.mlx(["ls", "--rev", "no-such-branch"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("mlx: error: unknown revision 'no-such-branch'\nhint: "))
        let untracked = try repo.mlx(["ls", "--rev", "HEAD", "b.csv"])
        #expect(untracked.status == 1)
        #expect(untracked.stderr.hasPrefix("mlx: error: b.csv: nothing is tracked there at revision 'HEAD'\n"))
        let loose = try repo.mlx(["ls", "b.csv"])
        #expect(loose.status == 1)
        #expect(loose.stderr.hasPrefix("mlx: error: b.csv: is not tracked by mlx\n"))
    }

    @Test func outsideAProjectIsAnError() throws {
        let dir = TemporaryDirectory()
        let result = try MLXBinary.run(["ls"], in: dir.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: not an mlx project"))
    }
}
