import Foundation
import MLXTestSupport
import Testing

@Suite struct FsckCommandTests {
    @Test func cleanCacheExitsZero() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "aaaa")
        try repo.project.trackDirectory("d", files: ["x": "x"])
        let result = try repo.mlx(["fsck"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("checked 3 objects ("))
        #expect(result.stdout.hasSuffix("): all intact\n"))
    }

    @Test func corruptObjectIsReportedQuarantinedAndTheNextRunIsClean() throws {
        let repo = try TrackedRepository()
        let good = try repo.project.trackFile("good.csv", "good content")
        let bad = try repo.project.trackFile("bad.csv", "bad content")
        let object = repo.project.objectPath(bad)
        try Shell.run("chmod u+w '\(object)' && printf 'Z' | dd of='\(object)' bs=1 count=1 conv=notrunc 2>/dev/null", in: repo.root)

        let result = try repo.mlx(["fsck", "-j", "2"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("corrupt: \(bad): content hashes to "))
        #expect(lines[0].hasSuffix("; moved to quarantine/\(bad)"))
        #expect(lines[1] == "checked 2 objects (23 B)")
        #expect(result.stderr.hasPrefix("mlx: error: the cache has problems: 1 corrupt object moved to the quarantine\nhint: "))
        #expect(!FileManager.default.fileExists(atPath: object))
        #expect(FileManager.default.fileExists(atPath: repo.root + "/.mlx/cache/quarantine/\(bad)"))
        #expect(FileManager.default.fileExists(atPath: repo.project.objectPath(good)))

        let again = try repo.mlx(["fsck"])
        #expect(again.status == 0)
        #expect(again.stdout == "checked 1 object (12 B): all intact\n")
    }

    @Test func staleTemporaryFileIsRemovedAndJsonSaysSo() throws {
        let repo = try TrackedRepository()
        let oid = try repo.project.trackFile("a.csv", "a")
        let folder = (repo.project.objectPath(oid) as NSString).deletingLastPathComponent
        try Shell.run("""
            printf half > '\(folder)/.mlx-tmp-99-dead' && touch -d '5 minutes ago' '\(folder)/.mlx-tmp-99-dead' \
            && printf busy > '\(folder)/.mlx-tmp-98-live'
            """, in: repo.root)
        let result = try repo.mlx(["fsck", "--json"])
        #expect(result.status == 0)
        let document = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(Set(document.keys) == ["checked_objects", "checked_bytes", "corrupt", "unreadable", "invalid_manifests",
                                       "removed_temporary_files", "clean"])
        #expect(document["removed_temporary_files"] as? [String] == ["files/blake3/\(oid.prefix(2))/.mlx-tmp-99-dead"])
        #expect(document["clean"] as? Bool == true)
        #expect(document["checked_objects"] as? Int == 1)
        #expect(!FileManager.default.fileExists(atPath: folder + "/.mlx-tmp-99-dead"))
        #expect(FileManager.default.fileExists(atPath: folder + "/.mlx-tmp-98-live"))
    }

    @Test func waitsForTheProjectLockAndNamesItsHolder() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "a")
        try FileManager.default.createDirectory(atPath: repo.root + "/.mlx/tmp", withIntermediateDirectories: true)
        // flock(1) holds the same kind of lock mlx takes, and writes the note as mlx would.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["-x", ".mlx/tmp/lock", "-c", "printf '4242 mlx add data\\n' > .mlx/tmp/lock; sleep 2"]
        holder.currentDirectoryURL = URL(fileURLWithPath: repo.root)
        try holder.run()
        defer { holder.waitUntilExit() }
        let lockFile = repo.root + "/.mlx/tmp/lock"
        for _ in 0..<100 where !((try? String(contentsOfFile: lockFile, encoding: .utf8))?.hasPrefix("4242") ?? false) {
            usleep(20_000)
        }
        let result = try repo.mlx(["fsck", "--wait", "0"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: \(repo.root)/.mlx/tmp/lock: the project is locked by pid 4242 (`mlx add data`)"))
        #expect(result.stdout == "")
    }
}
