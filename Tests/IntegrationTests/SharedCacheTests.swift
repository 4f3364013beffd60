import Foundation
import MLXTestSupport
import Testing

/// `cache.dir`, `cache.shared`, `mlx cache dir` and `gc -p`: one cache folder several
/// projects (and users) write into at once.
@Suite struct SharedCacheTests {
    /// Two git repositories `a` and `b` with mlx projects, both using the cache `shared`
    /// beside them and the folder remote `store`.
    private struct TwoProjects {
        let root = TemporaryDirectory("mlx-shared-cache")
        var a: String { root.appending("a") }
        var b: String { root.appending("b") }
        var cache: String { root.appending("shared") }

        init(sharing: Bool = false) throws {
            for name in ["a", "b"] {
                try root.initializeGitRepository(in: name)
                try mlx(["init"], in: name)
                try mlx(["cache", "dir", "../shared"], in: name)
                try mlx(["remote", "add", "-d", "store", "../store"], in: name)
                if sharing { try mlx(["config", "cache.shared", "group"], in: name) }
            }
        }

        @discardableResult
        func mlx(_ arguments: [String], in name: String) throws -> ProcessResult {
            let result = try MLXBinary.run(arguments, in: root.appending(name))
            guard result.status == 0 else {
                throw CommandFailure(message: "mlx \(arguments.joined(separator: " ")) in \(name) exited \(result.status): \(result.stderr)")
            }
            return result
        }

        func object(_ oid: String) -> String {
            cache + "/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))"
        }

        func oid(of path: String, in name: String) throws -> String {
            String(try mlx(["hash", path], in: name).stdout.prefix(64))
        }

        /// Runs one shell script per project at the same time and waits for all.
        func inParallel(_ scripts: [String: String]) throws {
            let joined = scripts.map { name, script in
                "(cd \(name) && \(script)) > \(name).out 2>&1 &"
            }.joined(separator: "\n") + "\nfailed=0\nfor job in $(jobs -p); do wait $job || failed=1; done\nexit $failed"
            let result = try Shell.run(joined, in: root.path, environment: ["MLX": MLXBinary.path])
            let outputs = scripts.keys.map { (try? String(contentsOfFile: root.appending("\($0).out"), encoding: .utf8)) ?? "" }
            guard result.status == 0 else { throw CommandFailure(message: "parallel run failed: \(outputs)") }
        }
    }

    @Test func cacheDirWritesAPathRelativeToTheConfigFileAndEveryCommandUsesIt() throws {
        let projects = try TwoProjects()
        let config = try String(contentsOfFile: projects.a + "/.mlx/config", encoding: .utf8)
        #expect(config.contains("dir = ../../shared"), "relative to .mlx/, as DVC writes it: \(config)")
        try FileManager.default.createDirectory(atPath: projects.a + "/sub", withIntermediateDirectories: true)
        #expect(try projects.mlx(["cache", "dir"], in: "a/sub").stdout == projects.cache + "\n")
        #expect(try projects.mlx(["cache", "dir", "--project"], in: "a").stdout == projects.cache + "\n")

        _ = try projects.root.write("a/data.bin", bytes(5000, seed: 1))
        try projects.mlx(["add", "data.bin"], in: "a")
        let oid = try projects.oid(of: "data.bin", in: "a")
        #expect(FileManager.default.fileExists(atPath: projects.object(oid)))
        #expect(!FileManager.default.fileExists(atPath: projects.a + "/.mlx/cache/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))"))
        try FileManager.default.removeItem(atPath: projects.a + "/data.bin")
        try projects.mlx(["checkout"], in: "a")
        #expect(FileManager.default.contents(atPath: projects.a + "/data.bin").map(Array.init) == bytes(5000, seed: 1))
        try projects.mlx(["push"], in: "a")

        try projects.mlx(["cache", "dir", "--unset"], in: "a")
        #expect(try projects.mlx(["cache", "dir"], in: "a").stdout == projects.a + "/.mlx/cache\n")
    }

    @Test func symlinkCheckoutsIntoASharedCacheAreTheProjectsOwnData() throws {
        let projects = try TwoProjects()
        try projects.mlx(["config", "cache.type", "symlink"], in: "a")
        _ = try projects.root.write("a/f.bin", bytes(100, seed: 7))
        _ = try projects.root.write("a/d/g.bin", bytes(200, seed: 8))
        try projects.mlx(["add", "f.bin", "d"], in: "a")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: projects.a + "/f.bin")
        #expect(link.hasPrefix(projects.cache + "/files/blake3/"))
        #expect(try projects.mlx(["status", "--exit-code"], in: "a").status == 0)
        try FileManager.default.removeItem(atPath: projects.a + "/d")
        try projects.mlx(["checkout"], in: "a")
        #expect(try projects.mlx(["status", "--exit-code"], in: "a").status == 0)
        try projects.mlx(["add", "f.bin", "d"], in: "a")
    }

    @Test func badCacheSettingsAreRefusedWhereTheyAreWritten() throws {
        let projects = try TwoProjects()
        let shared = try MLXBinary.run(["config", "cache.shared", "everyone"], in: projects.a)
        #expect(shared.status != 0)
        #expect(shared.stderr.contains("invalid value 'everyone' for cache.shared"))
        let url = try MLXBinary.run(["config", "cache.dir", "s3://bucket/cache"], in: projects.a)
        #expect(url.status != 0)
        #expect(url.stderr.contains("cache.dir"))
        let both = try MLXBinary.run(["cache", "dir", "--unset", "x"], in: projects.a)
        #expect(both.status == 2)
    }

    @Test func aGroupSharedCacheHasGroupWritableSetgidFoldersWhateverTheUmask() throws {
        let projects = try TwoProjects(sharing: true)
        _ = try projects.root.write("a/data.bin", bytes(3000, seed: 2))
        let added = try Shell.run("umask 077 && \"$MLX\" add data.bin", in: projects.a, environment: ["MLX": MLXBinary.path])
        #expect(added.status == 0, "\(added.stderr)")
        let oid = try projects.oid(of: "data.bin", in: "a")
        let object = projects.object(oid)
        for folder in [projects.cache, projects.cache + "/files/blake3", (object as NSString).deletingLastPathComponent, projects.cache + "/staging"] {
            let mode = try #require(FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int)
            #expect(mode & 0o2070 == 0o2070, "\(folder) has mode \(String(mode, radix: 8))")
        }
        let objectMode = try #require(FileManager.default.attributesOfItem(atPath: object)[.posixPermissions] as? Int)
        #expect(objectMode == 0o444)
        let lockMode = try #require(FileManager.default.attributesOfItem(atPath: projects.cache + "/lock")[.posixPermissions] as? Int)
        #expect(lockMode == 0o664)
    }

    @Test func twoProjectsAddingPushingAndPullingAtOnceLeaveTheSharedCacheWhole() throws {
        let projects = try TwoProjects()
        // 150 files each: 100 the same in both projects, 50 of their own.
        for (index, name) in ["a", "b"].enumerated() {
            for file in 0..<150 {
                let seed = file < 100 ? file : 1000 * (index + 1) + file
                _ = try projects.root.write("\(name)/data/f\(file).bin", bytes(2000 + file, seed: seed))
            }
        }
        let script = "\"$MLX\" add data --wait 60 && \"$MLX\" push --wait 60"
        try projects.inParallel(["a": script, "b": script])
        for name in ["a", "b"] {
            #expect(try projects.mlx(["fsck"], in: name).status == 0)
            #expect(try projects.mlx(["status", "--exit-code"], in: name).status == 0)
        }
        let staging = try FileManager.default.contentsOfDirectory(atPath: projects.cache + "/staging")
        #expect(staging.isEmpty, "temporaries left in the shared cache: \(staging)")

        // Empty the cache and the workspaces; both pull at once from the one remote.
        try FileManager.default.removeItem(atPath: projects.cache)
        for name in ["a", "b"] { try FileManager.default.removeItem(atPath: projects.root.appending("\(name)/data")) }
        try projects.inParallel(["a": "\"$MLX\" pull --wait 60", "b": "\"$MLX\" pull --wait 60"])
        for (index, name) in ["a", "b"].enumerated() {
            for file in [0, 99, 100, 149] {
                let seed = file < 100 ? file : 1000 * (index + 1) + file
                #expect(FileManager.default.contents(atPath: projects.root.appending("\(name)/data/f\(file).bin")).map(Array.init)
                        == bytes(2000 + file, seed: seed))
            }
            #expect(try projects.mlx(["fsck"], in: name).status == 0)
        }
    }

    @Test func gcOnASharedCacheRefusesUntilEveryProjectThatUsesItIsNamed() throws {
        let projects = try TwoProjects()
        _ = try projects.root.write("a/x.bin", bytes(1000, seed: 3))
        _ = try projects.root.write("b/y.bin", bytes(1000, seed: 4))
        try projects.mlx(["add", "x.bin"], in: "a")
        try projects.mlx(["add", "y.bin"], in: "b")
        let x = try projects.oid(of: "x.bin", in: "a"), y = try projects.oid(of: "y.bin", in: "b")

        let unnamed = try MLXBinary.run(["gc", "-w", "-f"], in: projects.a)
        #expect(unnamed.status == 1)
        #expect(unnamed.stderr.contains("mlx: error: gc refused: the cache at \(projects.cache) is outside this project"))
        #expect(unnamed.stderr.contains("-p") && unnamed.stderr.contains(projects.b))
        #expect(FileManager.default.fileExists(atPath: projects.object(y)))

        // A third project that used the cache must be named too.
        try projects.root.initializeGitRepository(in: "c")
        try projects.mlx(["init"], in: "c")
        try projects.mlx(["cache", "dir", "../shared"], in: "c")
        _ = try projects.root.write("c/z.bin", bytes(1000, seed: 5))
        try projects.mlx(["add", "z.bin"], in: "c")
        let missing = try MLXBinary.run(["gc", "-w", "-f", "-p", "../b"], in: projects.a)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("also used by \(projects.root.appending("c"))"))

        // x changes: its old version is used by nobody and goes; what a, b and c use stays.
        try Shell.check("chmod u+w x.bin 2>/dev/null; true", in: projects.a)
        _ = try projects.root.write("a/x.bin", bytes(1000, seed: 6))
        try projects.mlx(["add", "x.bin"], in: "a")
        let gc = try projects.mlx(["gc", "-w", "-f", "-p", "../b", "../c"], in: "a")
        #expect(gc.stdout.contains("delete \(x) "))
        #expect(!FileManager.default.fileExists(atPath: projects.object(x)))
        for name in ["a", "b", "c"] { #expect(try projects.mlx(["status", "--exit-code"], in: name).status == 0) }
        #expect(FileManager.default.fileExists(atPath: projects.object(y)))
    }

    @Test func gcRefusesAProjectThatUsesAnotherCache() throws {
        let projects = try TwoProjects()
        try projects.mlx(["cache", "dir", "--unset"], in: "b")
        let result = try MLXBinary.run(["gc", "-w", "-f", "-p", "../b"], in: projects.a)
        #expect(result.status == 1)
        #expect(result.stderr.contains("project \(projects.b) (-p) uses the cache at \(projects.b)/.mlx/cache"))
    }
}
