import Foundation
import MLXTestSupport
import Testing

@Suite struct PullCommandTests {
    @Test func twoClonesShareAFolderRemote() throws {
        let project = try RemoteTestProject()
        for index in 0..<5 { try project.write("data/images/img\(index).bin", bytes(2000 * (index + 1), seed: index)) }
        try project.write("data/model.bin", bytes(100_000, seed: 9))
        try project.mlx(["add", "data/images", "data/model.bin"])
        let push = try project.mlx(["push"])
        #expect(push.stdout.hasPrefix("pushed 7 files ("))
        #expect(push.stdout.hasSuffix(", 0 failed\n"))
        try project.sh("git add -A && git commit -qm data")

        let clone = try project.clone()
        let pull = try project.mlx(["pull"], in: clone)
        #expect(pull.stdout.contains("restored data/images (5 files)"))
        #expect(pull.stdout.contains("fetched 7 files"))
        try RemoteTestProject.sh("cmp a/data/model.bin b/data/model.bin && diff -r a/data/images b/data/images", in: project.root.path)
        #expect(try MLXBinary.run(["status", "--cloud", "--exit-code"], in: clone).status == 0)

        // A change made in the clone travels back the same way.
        try RemoteTestProject.sh("chmod -R u+w data && printf changed > data/model.bin", in: clone)
        try project.mlx(["add", "data/model.bin"], in: clone)
        try project.mlx(["push"], in: clone)
        try RemoteTestProject.sh("git add -A && git commit -qm change && git push -q origin HEAD:refs/heads/from-b", in: clone)
        try project.sh("git merge -q --ff-only from-b")
        let back = try project.mlx(["pull", "--force"])
        #expect(back.stdout.contains("restored data/model.bin"))
        #expect(project.root.bytes("a/data/model.bin") == Array("changed".utf8))
    }

    @Test func corruptObjectOnTheRemoteIsRefusedAndItsDirectoryLeftAsItWas() throws {
        let project = try RemoteTestProject()
        try project.write("data/d/good.bin", bytes(5000, seed: 1))
        try project.write("data/d/bad.bin", bytes(6000, seed: 2))
        try project.mlx(["add", "data/d"])
        try project.mlx(["push"])
        try project.sh("git add -A && git commit -qm data")
        let oid = try project.mlx(["hash", "data/d/bad.bin"]).stdout.prefix(64)
        let object = "store/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))"
        try RemoteTestProject.sh("chmod u+w \(object) && printf X | dd of=\(object) bs=1 seek=100 conv=notrunc 2>/dev/null", in: project.root.path)

        let clone = try project.clone()
        let pull = try MLXBinary.run(["pull"], in: clone)
        #expect(pull.status == 1)
        #expect(pull.stderr.contains("mlx: error: data/d/bad.bin: downloaded object \(oid) is corrupt"))
        #expect(pull.stderr.contains("hint: not checked out (left as they were): data/d; everything else was"))
        #expect(!FileManager.default.fileExists(atPath: clone + "/data/d"))
        #expect(!FileManager.default.fileExists(atPath: clone + "/.mlx/cache/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))"))
        let strays = try RemoteTestProject.sh("find .mlx/cache -name '.mlx-tmp-*'", in: clone).stdout
        #expect(strays.isEmpty)
    }

    @Test func missingRemoteIsExplained() throws {
        let project = try RemoteTestProject()
        try project.write("x.bin", bytes(10, seed: 1))
        try project.mlx(["add", "x.bin"])
        try project.mlx(["remote", "add", "cloud", "s3://bucket/prefix"])
        try project.mlx(["remote", "remove", "store"])
        let none = try MLXBinary.run(["fetch"], in: project.path)
        #expect(none.status == 1)
        #expect(none.stderr.hasPrefix("mlx: error: no default remote is set\nhint: pass -r NAME (one of: cloud)"))
    }
}
