import Foundation
import MLXTestSupport
import Testing

/// The git hooks `mlx install` writes, driven by real `git commit` and `git checkout` with the
/// real mlx on PATH.
@Suite struct HooksEndToEndTests {
    let repo: TemporaryDirectory
    let environment: [String: String]

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        let binFolder = (MLXBinary.path as NSString).deletingLastPathComponent
        environment = ["PATH": binFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "NO_COLOR": "1"]
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try expectSuccess(try MLXBinary.run(["install"], in: repo.path))
    }

    func git(_ script: String) throws -> ProcessResult {
        try Shell.run(script, in: repo.path, environment: environment)
    }

    @Test func preCommitRefusesWhileTrackedDataDiffers() throws {
        try repo.write("data.csv", "v1\n")
        try expectSuccess(try MLXBinary.run(["add", "-q", "data.csv"], in: repo.path))
        try expectSuccess(try git("git add -A && git commit -qm v1"))

        try repo.write("data.csv", "v2\n")
        try repo.write("notes.txt", "n")
        let refused = try git("git add notes.txt && git commit -qm notes")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("modified:") && refused.stderr.contains("data.csv"), "\(refused.stderr)")
        #expect(refused.stderr.contains("mlx commit"), "\(refused.stderr)")
        #expect(try git("git log --oneline | wc -l").stdout.trimmingCharacters(in: .whitespaces) == "1\n")

        try expectSuccess(try MLXBinary.run(["commit", "-q"], in: repo.path))
        try expectSuccess(try git("git add -A && git commit -qm v2"))
    }

    @Test func postCheckoutRestoresTheDataOfTheOtherBranch() throws {
        try repo.write("model.bin", "weights v1\n")
        try expectSuccess(try MLXBinary.run(["add", "-q", "model.bin"], in: repo.path))
        try expectSuccess(try git("git add -A && git commit -qm v1 && git checkout -q -b experiment"))
        try repo.write("model.bin", "weights v2\n")
        try expectSuccess(try MLXBinary.run(["commit", "-q"], in: repo.path))
        try expectSuccess(try git("git add -A && git commit -qm v2"))

        try expectSuccess(try git("git checkout -q main"))
        #expect(try repo.read("model.bin") == "weights v1\n")
        try expectSuccess(try git("git checkout -q experiment"))
        #expect(try repo.read("model.bin") == "weights v2\n")
    }

    /// Like git-lfs: the pre-push hook sends the data of every commit the push carries, not
    /// only of the new tip, and nothing the remote's tracking refs already reach.
    @Test func prePushSendsTheDataOfEveryPushedCommitAndNoneTheRemoteHas() throws {
        let store = repo.path + "-store", bare = repo.path + "-origin.git"
        defer {
            try? FileTree.removeAll(store)
            try? FileTree.removeAll(bare)
        }
        func stored(_ content: String) -> String {
            let oid = HandmadeProject.oid(of: content)
            return "\(store)/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))"
        }
        try expectSuccess(try MLXBinary.run(["remote", "add", "-q", "-d", "store", store], in: repo.path))
        try expectSuccess(try git("git init -q --bare '\(bare)' && git remote add origin '\(bare)'"))
        try repo.write("model.bin", "weights v1\n")
        try expectSuccess(try MLXBinary.run(["add", "-q", "model.bin"], in: repo.path))
        try expectSuccess(try git("git add -A && git commit -qm v1"))
        try repo.write("model.bin", "weights v2\n")
        try expectSuccess(try MLXBinary.run(["commit", "-q"], in: repo.path))
        try expectSuccess(try git("git commit -qam v2"))

        try expectSuccess(try git("git push -q origin main"))
        #expect(FileManager.default.fileExists(atPath: stored("weights v1\n")))
        #expect(FileManager.default.fileExists(atPath: stored("weights v2\n")))

        // v1 and v2 are reachable from origin/main now: the next push sends v3 alone.
        try FileManager.default.removeItem(atPath: stored("weights v1\n"))
        try repo.write("model.bin", "weights v3\n")
        try expectSuccess(try MLXBinary.run(["commit", "-q"], in: repo.path))
        try expectSuccess(try git("git commit -qam v3 && git push -q origin main"))
        #expect(FileManager.default.fileExists(atPath: stored("weights v3\n")))
        #expect(!FileManager.default.fileExists(atPath: stored("weights v1\n")))
    }
}
