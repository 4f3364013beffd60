import Foundation
import MLXTestSupport
import Testing

/// A remote's run cache holds the latest result for a set of inputs, as the local one does:
/// `push --run-cache` replaces an entry the remote has from an earlier run, `fetch --run-cache`
/// brings a later one in, and `repro --pull` in a fresh clone restores the latest result.
@Suite struct RunCacheRemoteLatestTests {
    /// The result depends on something that is no input (a counter), as an unseeded training run's would.
    static let pipeline = "stages:\n  train:\n    cmd: echo run >> counter.log && wc -l < counter.log > model.txt\n    deps: [data.txt]\n    outs: [model.txt]\n"

    /// Runs the scenario in `origin` (a git repository with mlx initialised and a default remote
    /// added), cloning it to `origin.path + "-clone"`.
    static func latestResultTravelsThroughTheRemote(origin: TemporaryDirectory, mlx: (String, [String]) throws -> ProcessResult) throws {
        func succeed(_ folder: String, _ arguments: String...) throws -> String {
            let result = try mlx(folder, arguments)
            #expect(result.status == 0, "mlx \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout
        }
        try origin.write("mlx.yaml", pipeline)
        try origin.write("data.txt", "v1\n")
        try origin.write(".gitignore", "/counter.log\n")
        _ = try succeed(origin.path, "repro")
        #expect(try succeed(origin.path, "push", "--run-cache").contains("pushed 1 run-cache entry (0 already on the remote)"))
        _ = try succeed(origin.path, "repro", "-f")
        #expect(FileManager.default.contents(atPath: origin.appending("model.txt")) == Data("2\n".utf8))
        let replaced = try succeed(origin.path, "push", "--run-cache")
        #expect(replaced.contains("pushed 1 run-cache entry (0 already on the remote)"), "\(replaced)")
        let unchanged = try succeed(origin.path, "push", "--run-cache")
        #expect(unchanged.contains("pushed 0 run-cache entries (1 already on the remote)"), "\(unchanged)")
        try Shell.check("git add -A ':!mlx.lock' && git commit -qm pipeline", in: origin.path)

        let clone = origin.path + "-clone"
        try Shell.check("git clone -q '\(origin.path)' '\(clone)'")
        defer { try? FileTree.removeAll(clone) }
        let pulled = try succeed(clone, "repro", "--pull")
        #expect(pulled.contains("restored from run cache"), "\(pulled)")
        #expect(FileManager.default.contents(atPath: clone + "/model.txt") == Data("2\n".utf8))

        // A later run elsewhere replaces the clone's entry on fetch; the clone's older entry,
        // pushed, does not replace the remote's newer one.
        _ = try succeed(origin.path, "repro", "-f")
        _ = try succeed(origin.path, "push", "--run-cache")
        let stale = try succeed(clone, "push", "--run-cache")
        #expect(stale.contains("pushed 0 run-cache entries (1 already on the remote)"), "\(stale)")
        let fetched = try succeed(clone, "fetch", "--run-cache")
        #expect(fetched.contains("fetched 1 run-cache entry (0 already in the cache)"), "\(fetched)")
        // Away to other inputs and back: the fetched entry is the one restored.
        try Data("v2\n".utf8).write(to: URL(fileURLWithPath: clone + "/data.txt"))
        _ = try succeed(clone, "repro")
        try Data("v1\n".utf8).write(to: URL(fileURLWithPath: clone + "/data.txt"))
        let restored = try succeed(clone, "repro")
        #expect(restored.contains("restored from run cache"), "\(restored)")
        #expect(FileManager.default.contents(atPath: clone + "/model.txt") == Data("3\n".utf8))
        #expect(try succeed(clone, "fetch", "--run-cache").contains("fetched 0 run-cache entries (1 already in the cache)"))
    }

    @Test func theLatestRunReachesAFolderRemoteAndComesBackFromIt() throws {
        let origin = try TemporaryDirectory.gitRepository()
        let store = TemporaryDirectory("mlx-store")
        let mlx = { (folder: String, arguments: [String]) in try MLXBinary.run(arguments, in: folder) }
        #expect(try mlx(origin.path, ["init", "-q"]).status == 0)
        #expect(try mlx(origin.path, ["remote", "add", "-d", "store", store.path]).status == 0)
        try Self.latestResultTravelsThroughTheRemote(origin: origin, mlx: mlx)
    }

    @Test(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
    func theLatestRunReachesAnS3RemoteAndComesBackFromIt() throws {
        let endpoint = try MotoServer.sharedEndpoint()
        let bucket = try MotoServer.makeBucket("latest", at: endpoint)
        let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret", "AWS_REGION": "us-east-1"]
        let origin = try TemporaryDirectory.gitRepository()
        let mlx = { (folder: String, arguments: [String]) in try MLXBinary.run(arguments, in: folder, environment: environment) }
        #expect(try mlx(origin.path, ["init", "-q"]).status == 0)
        #expect(try mlx(origin.path, ["remote", "add", "-d", "cloud", "s3://\(bucket)/project"]).status == 0)
        #expect(try mlx(origin.path, ["remote", "modify", "cloud", "endpoint", endpoint]).status == 0)
        try Self.latestResultTravelsThroughTheRemote(origin: origin, mlx: mlx)
    }
}
