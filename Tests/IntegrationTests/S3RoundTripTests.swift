import Foundation
import MLXTestSupport
import Testing

/// `mlx push` and `mlx pull` through an S3-compatible server (moto on 127.0.0.1), as users run
/// them: a remote in the config, credentials from the environment.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
struct S3RoundTripTests {
    @Test func pushFromOneCloneAndPullInAnother() throws {
        let endpoint = try MotoServer.sharedEndpoint()
        let bucket = try MotoServer.makeBucket("it", at: endpoint)
        let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret", "AWS_REGION": "us-east-1"]
        let origin = try TemporaryDirectory.gitRepository()
        func mlx(_ arguments: [String], in folder: String) throws -> ProcessResult {
            try MLXBinary.run(arguments, in: folder, environment: environment)
        }
        try expectSuccess(try mlx(["init", "-q"], in: origin.path))
        try origin.write("data/model.bin", (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for index in 0..<30 { try origin.write("data/set/f\(index).txt", "file \(index)\n") }
        try expectSuccess(try mlx(["add", "-q", "data/model.bin", "data/set"], in: origin.path))
        try expectSuccess(try mlx(["remote", "add", "-d", "cloud", "s3://\(bucket)/project"], in: origin.path))
        try expectSuccess(try mlx(["remote", "modify", "cloud", "endpoint", endpoint], in: origin.path))

        let push = try mlx(["push", "--json"], in: origin.path)
        try expectSuccess(push)
        #expect(!push.stdout.contains("testing-secret") && !push.stderr.contains("testing-secret"))
        let again = try mlx(["push"], in: origin.path)
        try expectSuccess(again)

        try Shell.check("git add -A && git commit -qm data", in: origin.path)
        let clonePath = origin.path + "-clone"
        try Shell.check("git clone -q '\(origin.path)' '\(clonePath)'")
        defer { try? FileTree.removeAll(clonePath) }
        try expectSuccess(try mlx(["pull"], in: clonePath))
        #expect(FileManager.default.contents(atPath: clonePath + "/data/model.bin") == FileManager.default.contents(atPath: origin.appending("data/model.bin")))
        #expect(try String(contentsOfFile: clonePath + "/data/set/f7.txt", encoding: .utf8) == "file 7\n")
        try expectSuccess(try mlx(["status", "--exit-code"], in: clonePath))

        // A wrong bucket is a clear, permanent error naming the remote.
        try expectSuccess(try mlx(["remote", "modify", "cloud", "url", "s3://no-such-bucket-\(bucket)/x"], in: clonePath))
        try origin.write("more.bin", "x")
        let missing = try mlx(["push"], in: clonePath)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cloud"), "\(missing.stderr)")
    }

    /// Over a slow link (a proxy holding every request 100 ms; moto answers a few hundred a
    /// second), the default width grows until the server is the bound; a width the user gives
    /// stays what it is.
    @Test func theTransferWidthAdaptsToASlowLinkUnlessChosen() throws {
        let endpoint = try MotoServer.sharedEndpoint()
        let bucket = try MotoServer.makeBucket("slow", at: endpoint)
        let proxy = try FaultInjectingProxy(upstream: endpoint, latency: 100)
        let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret", "AWS_REGION": "us-east-1"]
        let project = try TemporaryDirectory.gitRepository()
        func mlx(_ arguments: [String]) throws -> ProcessResult {
            try MLXBinary.run(arguments, in: project.path, environment: environment)
        }
        try expectSuccess(try mlx(["init", "-q"]))
        for index in 0..<400 { try project.write("data/f\(index).txt", "file \(index)\n") }
        try expectSuccess(try mlx(["add", "-q", "data"]))
        try expectSuccess(try mlx(["remote", "add", "-d", "cloud", "s3://\(bucket)/p"]))
        try expectSuccess(try mlx(["remote", "modify", "cloud", "endpoint", proxy.endpoint]))

        let push = try mlx(["push", "--json"])
        try expectSuccess(push)
        let pushed = try JSONSerialization.jsonObject(with: Data(push.stdout.utf8)) as? [String: Any]
        #expect(pushed?["pushed"] as? Int == 401)
        let defaultWidth = 4 * ProcessInfo.processInfo.activeProcessorCount
        // 8 at once move 80 objects a second through this link; 16 move about twice as many.
        #expect((pushed?["jobs"] as? Int ?? 0) > defaultWidth, "\(push.stdout)")

        try FileTree.removeAll(project.appending(".mlx/cache"))
        let fetch = try mlx(["fetch", "--json", "-j", "3"])
        try expectSuccess(fetch)
        let fetched = try JSONSerialization.jsonObject(with: Data(fetch.stdout.utf8)) as? [String: Any]
        #expect(fetched?["fetched"] as? Int == 401)
        #expect(fetched?["jobs"] as? Int == 3, "\(fetch.stdout)")
    }

    /// `mlx push --run-cache` in one clone, `mlx repro --pull` in a fresh one: every stage is
    /// restored from the bucket's `runs/`, no command runs.
    @Test func reproPullRestoresFromTheRunCacheInABucket() throws {
        let endpoint = try MotoServer.sharedEndpoint()
        let bucket = try MotoServer.makeBucket("rc", at: endpoint)
        let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret", "AWS_REGION": "us-east-1"]
        let origin = try TemporaryDirectory.gitRepository()
        func mlx(_ arguments: [String], in folder: String) throws -> ProcessResult {
            try MLXBinary.run(arguments, in: folder, environment: environment)
        }
        try expectSuccess(try mlx(["init", "-q"], in: origin.path))
        try origin.write("mlx.yaml", RunCacheRemoteTests.pipeline)
        try origin.write("raw.txt", "pear\napple\nfig\n")
        try origin.write("params.yaml", "prepare:\n  seed: 7\n")
        try origin.write(".gitignore", "/log.txt\n")
        try expectSuccess(try mlx(["remote", "add", "-d", "cloud", "s3://\(bucket)/project"], in: origin.path))
        try expectSuccess(try mlx(["remote", "modify", "cloud", "endpoint", endpoint], in: origin.path))
        try expectSuccess(try mlx(["repro"], in: origin.path))
        let push = try mlx(["push", "--run-cache"], in: origin.path)
        try expectSuccess(push)
        #expect(push.stdout.contains("pushed 2 run-cache entries"), "\(push.stdout)")
        try Shell.check("git add -A ':!mlx.lock' && git commit -qm pipeline", in: origin.path)

        let clonePath = origin.path + "-clone"
        try Shell.check("git clone -q '\(origin.path)' '\(clonePath)'")
        defer { try? FileTree.removeAll(clonePath) }
        let repro = try mlx(["repro", "--pull"], in: clonePath)
        try expectSuccess(repro)
        #expect(repro.stdout.contains("stage 'prepare': restored from run cache (remote 'cloud')"), "\(repro.stdout)")
        #expect(repro.stdout.contains("stage 'train': restored from run cache (remote 'cloud')"), "\(repro.stdout)")
        #expect(RunCacheRemoteTests.log(clonePath).isEmpty)
        for file in ["model.bin", "data/prepared/sorted.txt", "metrics.json", "mlx.lock"] {
            #expect(FileManager.default.contents(atPath: clonePath + "/" + file) == FileManager.default.contents(atPath: origin.appending(file)), "\(file)")
        }
    }
}
