import Foundation
import MLXTestSupport
import Testing

/// Edge cases a review found: each is a promise the commands keep.
@Suite struct TrackingEdgeCaseTests {
    let repo: TemporaryDirectory

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try mlx(["init", "-q"]))
    }

    func mlx(_ arguments: [String], in folder: String? = nil) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: folder.map(repo.appending) ?? repo.path)
    }

    func inode(_ relative: String) -> UInt64 {
        var info = stat()
        lstat(repo.appending(relative), &info)
        return UInt64(info.st_ino)
    }

    @Test func addIsAllOrNothingAcrossTargets() throws {
        try repo.write("raw/a.txt", "a")
        try repo.write("raw/bad/ok.txt", "ok")
        try FileManager.default.createSymbolicLink(atPath: repo.appending("raw/bad/out"), withDestinationPath: "/etc/passwd")
        let result = try mlx(["add", "raw/a.txt", "raw/bad"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("leads out of the project"))
        #expect(!repo.exists("raw/a.txt.mlx"))
        #expect(!repo.exists("raw/.gitignore"))
    }

    @Test func mlxignoreIsAWayOutForLinksTheWalkerWouldRefuse() throws {
        try repo.write("d/keep.txt", "k")
        try FileManager.default.createSymbolicLink(atPath: repo.appending("d/dangling"), withDestinationPath: "nowhere")
        #expect(try mlx(["add", "d"]).status == 1)
        try repo.write(".mlxignore", "dangling\n")
        try expectSuccess(try mlx(["add", "d"]))
        #expect(try repo.read("d.mlx").contains("nfiles: 1\n"))
    }

    /// A no-change status answers from the directory's tree memo; every change still shows.
    @Test func statusTrustsATreeMemoOnlyWhileNothingChanged() throws {
        try repo.write("d/a.txt", "a")
        try repo.write("d/sub/b.txt", "bb")
        try expectSuccess(try mlx(["add", "-q", "d"]))
        // Files changed within the last 2 s are racy: no memo is recorded for them.
        Thread.sleep(forTimeInterval: 2.1)
        try expectSuccess(try mlx(["status", "--exit-code"]))
        #expect(try repo.names(in: ".mlx/tmp/trees").count == 1)
        try expectSuccess(try mlx(["status", "--exit-code"]))

        func states() throws -> String {
            let result = try mlx(["status", "--json"])
            let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
            return (document["data"] as! [[String: Any]]).map { "\($0["path"]!)=\($0["state"]!)" }.joined(separator: ",")
        }
        try repo.write("d/sub/b.txt", "BB")
        #expect(try states() == "d=modified")
        try repo.write("d/sub/b.txt", "bb")
        #expect(try states() == "d=unchanged")
        // Ignoring a file changes what the directory holds without touching any of its files.
        try repo.write(".mlxignore", "b.txt\n")
        #expect(try states() == "d=modified")
        try FileManager.default.removeItem(atPath: repo.appending(".mlxignore"))
        #expect(try states() == "d=unchanged")
        try expectSuccess(try mlx(["remove", "d.mlx"]))
        #expect(try repo.names(in: ".mlx/tmp/trees").isEmpty)
    }

    /// After a few files change in place, status hashes only those and takes the rest from the
    /// memo: the oid it reports is the one a full scan (`add`) records, nested folders, exec
    /// bits and all.
    @Test func statusAfterAFewChangesReportsTheOidAFullScanRecords() throws {
        for (name, content) in ["d/a.txt": "a", "d/sub/b.txt": "bb", "d/sub/deep/c.txt": "c", "d/z.txt": "z", "d/sub/y.txt": "y"] {
            try repo.write(name, content)
        }
        try expectSuccess(try mlx(["add", "-q", "d"]))
        Thread.sleep(forTimeInterval: 2.1)
        try expectSuccess(try mlx(["status", "--exit-code"]))
        #expect(try repo.names(in: ".mlx/tmp/trees").count == 1)

        try repo.write("d/sub/b.txt", "BBBB")
        #expect(chmod(repo.appending("d/z.txt"), 0o755) == 0)
        let result = try mlx(["status", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let entry = try #require((document["data"] as! [[String: Any]]).first)
        #expect(entry["state"] as? String == "modified")
        let reported = try #require(entry["current_oid"] as? String)
        try expectSuccess(try mlx(["add", "-q", "d"]))
        let pointer = try repo.read("d.mlx")
        #expect(pointer.contains("oid: \(reported)\n"), "status said \(reported); add recorded \(pointer)")
        #expect(pointer.contains("size: 8\n"))
        try expectSuccess(try mlx(["status", "--exit-code"]))
    }

    /// The memo is a shortcut: where it cannot be written, status still answers (and says
    /// nothing about it).
    @Test func statusAnswersWhenTheTreeMemoCannotBeWritten() throws {
        try repo.write("d/a.txt", "a")
        try expectSuccess(try mlx(["add", "-q", "d"]))
        try repo.write(".mlx/tmp/trees", "a file where the memo folder would go")
        Thread.sleep(forTimeInterval: 2.1)
        let result = try mlx(["status", "--exit-code"])
        try expectSuccess(result)
        #expect(result.stderr.isEmpty)
        try repo.write("d/a.txt", "b")
        #expect(try mlx(["status", "--exit-code"]).status == 1)
    }

    @Test func removeTakesOnlyPointerFilesOrTrackedPaths() throws {
        try repo.write("models/cnn/run.sh", "x")
        try repo.write("models/other.bin", "y")
        try expectSuccess(try mlx(["add", "-q", "models/cnn", "models/other.bin"]))
        let inside = try mlx(["remove", "models/cnn/run.sh"])
        #expect(inside.status == 1)
        #expect(inside.stderr.contains("is not a pointer file or a tracked path"))
        let folder = try mlx(["remove", "--outs", "models"])
        #expect(folder.status == 1)
        #expect(repo.exists("models/cnn.mlx") && repo.exists("models/cnn/run.sh") && repo.exists("models/other.bin"))
        try expectSuccess(try mlx(["remove", "--outs", "models/cnn"]))
        #expect(!repo.exists("models/cnn") && !repo.exists("models/cnn.mlx"))
    }

    @Test func pathsAreNormalisedBeforeTheyAreCompared() throws {
        try repo.write("data/x/f.txt", "f")
        try expectSuccess(try mlx(["add", "-q", "./data/x/"]))
        try expectSuccess(try mlx(["move", "./data//x/", "data/y"]))
        #expect(repo.exists("data/y.mlx") && repo.exists("data/y/f.txt"))
        let added = try mlx(["add", "../data/y"], in: "data")
        try expectSuccess(added)
        #expect(added.stdout == "unchanged y (1 file, 1 B)\n")
    }

    @Test func statusSeesAChangedExecBitOfATrackedFile() throws {
        try repo.write("tool.sh", "#!/bin/sh\n")
        try expectSuccess(try mlx(["add", "-q", "tool.sh"]))
        chmod(repo.appending("tool.sh"), 0o755)
        let status = try mlx(["status", "--exit-code"])
        #expect(status.status == 1)
        #expect(status.stdout.contains("modified:"))
        try expectSuccess(try mlx(["commit", "-q"]))
        #expect(try repo.read("tool.sh.mlx").contains("isexec: true\n"))
        try expectSuccess(try mlx(["status", "--exit-code"]))
    }

    @Test func defaultLinkTypeLeavesTheWorkspaceFileAloneWithoutReflinks() throws {
        try repo.write("big.bin", [UInt8](repeating: 1, count: 1 << 20))
        try FileManager.default.createSymbolicLink(atPath: repo.appending("alias.bin"), withDestinationPath: "big.bin")
        let before = inode("big.bin")
        try expectSuccess(try mlx(["add", "-q", "big.bin", "alias.bin"]))
        let doctor = try mlx(["doctor"])
        // On a file system with reflinks the file may be re-cloned; without, it must not be copied again.
        if !doctor.stdout.contains("reflink: works") {
            #expect(inode("big.bin") == before)
        }
        var info = stat()
        lstat(repo.appending("alias.bin"), &info)
        #expect((info.st_mode & S_IFMT) == S_IFLNK, "a symlink the user made stays a symlink")
    }

    @Test func checkoutReplacesAFileStandingForACachedFolderFreely() throws {
        try repo.write("thing/a.txt", "a")
        try expectSuccess(try mlx(["add", "-q", "thing"]))
        try expectSuccess(try Shell.run("git add -A && git commit -qm folder", in: repo.path))
        try FileTree.removeAll(repo.appending("thing"))
        try repo.write("thing", "now a file")
        try expectSuccess(try mlx(["add", "-q", "thing"]))
        try expectSuccess(try Shell.run("git checkout -q HEAD -- thing.mlx", in: repo.path))
        // The file's content is in the cache (it was added), so replacing it loses nothing.
        try expectSuccess(try mlx(["checkout"]))
        #expect(try repo.read("thing/a.txt") == "a")
    }
}
