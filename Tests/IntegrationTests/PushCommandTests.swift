import Foundation
import MLXTestSupport
import Testing

@Suite struct PushCommandTests {
    /// Objects in the remote folder so far (temporaries of a copy in flight left out).
    /// Files the push has started writing on the remote, temporaries included: the folder remote
    /// publishes a whole batch at once, so waiting for a published object could see the push end.
    func filesSoFar(_ project: RemoteTestProject) -> Int {
        let found = FileManager.default.enumerator(atPath: project.store + "/files")?.allObjects as? [String] ?? []
        return found.filter { $0.split(separator: "/").count == 3 }.count
    }

    @Test func killedPushIsCompletedByTheNextAndEveryObjectVerifies() throws {
        let project = try RemoteTestProject()
        // 80 MiB in 160 files: long enough for a push at -j 1 to be caught mid-way.
        try project.sh("mkdir -p data/big && for i in $(seq 1 160); do head -c 524288 /dev/urandom > data/big/f$i.bin; done")
        try project.mlx(["add", "data/big"])

        let process = Process()
        process.executableURL = URL(fileURLWithPath: MLXBinary.path)
        process.arguments = ["push", "-j", "1"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Killed as soon as the first file is being written: a fixed delay raced a push that
        // finished in well under 150 ms on a quiet machine, and so did waiting for a published
        // object once objects were published a batch at a time.
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && filesSoFar(project) == 0 && Date() < deadline { usleep(100) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try project.remoteObjects().count < 161, "the push finished before it was killed")

        let again = try project.mlx(["push"])
        #expect(again.stdout.hasSuffix(", 0 failed\n"))
        let objects = try project.remoteObjects()
        #expect(objects.count == 161)
        for key in objects where !key.hasSuffix(".dir") {
            let name = key.split(separator: "/").suffix(2).joined()
            let hash = try MLXBinary.run(["hash", project.store + "/" + key], in: project.path).stdout
            #expect(hash.hasPrefix(name + "  "), "\(key) does not hash to its name")
        }
        #expect(try MLXBinary.run(["status", "--cloud", "--exit-code"], in: project.path).status == 0)
        // A clone can pull all of it.
        try project.sh("git add -A && git commit -qm data")
        let clone = try project.clone()
        try project.mlx(["pull"], in: clone)
        try RemoteTestProject.sh("diff -r a/data/big b/data/big", in: project.root.path)
    }

    @Test func hookPushesWhatThePushedCommitsReference() throws {
        let project = try RemoteTestProject()
        try project.write("model.bin", bytes(3000, seed: 1))
        try project.mlx(["add", "model.bin"])
        try project.sh("git add -A && git commit -qm v1")
        let commit = try project.sh("git rev-parse HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // The workspace moves on; the hook must push the committed version, not this one.
        try project.sh("chmod u+w model.bin && printf v2 > model.bin")
        try project.mlx(["add", "model.bin"])

        let zeros = String(repeating: "0", count: 40)
        let lines = "refs/heads/main \(commit) refs/heads/main \(zeros)\n(delete) \(zeros) refs/heads/old \(commit)\n"
        let hook = try MLXBinary.run(["push", "--hook", "origin", "/some/url"], in: project.path, input: Array(lines.utf8))
        #expect(hook.status == 0, "\(hook.stderr)")
        let v1oid = try MLXBinary.run(["hash", "-"], in: project.path, input: bytes(3000, seed: 1)).stdout.prefix(64)
        let v2oid = try MLXBinary.run(["hash", "model.bin"], in: project.path).stdout.prefix(64)
        let objects = try project.remoteObjects()
        #expect(objects == ["files/blake3/\(v1oid.prefix(2))/\(v1oid.dropFirst(2))"])
        #expect(!objects.contains("files/blake3/\(v2oid.prefix(2))/\(v2oid.dropFirst(2))"))

        let bad = try MLXBinary.run(["push", "--hook"], in: project.path, input: Array("nonsense\n".utf8))
        #expect(bad.status == 2)
    }

    @Test func jsonSummaryAndNothingToPush() throws {
        let project = try RemoteTestProject()
        try project.write("a.bin", bytes(1234, seed: 3))
        try project.mlx(["add", "a.bin"])
        let first = try project.mlx(["push", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(document?["pushed"] as? Int == 1)
        #expect(document?["bytes"] as? Int == 1234)
        #expect(document?["remote"] as? String == "store")
        let second = try project.mlx(["push"])
        #expect(second.stdout.hasPrefix("pushed 0 files (0 B) in "))
    }
}
