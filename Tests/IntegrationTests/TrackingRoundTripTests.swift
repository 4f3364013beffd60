import Foundation
import MLXTestSupport
import Testing

/// add → delete the workspace copy → checkout gives back identical bytes and modes, for every
/// link type and the awkward shapes data comes in.
@Suite struct TrackingRoundTripTests {
    let repo: TemporaryDirectory

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try mlx(["init", "-q"]))
    }

    func mlx(_ arguments: [String]) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: repo.path)
    }

    /// Makes a tree with empty files, nested and empty-named-looking folders, spaces, UTF-8,
    /// an executable, and a symlink to a file inside the tree.
    func makeDataset() throws -> [String: (bytes: [UInt8], mode: Int)] {
        var expected: [String: (bytes: [UInt8], mode: Int)] = [:]
        func put(_ relative: String, _ bytes: [UInt8], executable: Bool = false) throws {
            let path = try repo.write("data/set/" + relative, bytes)
            chmod(path, executable ? 0o755 : 0o644)
            expected[relative] = (bytes, executable ? 0o755 : 0o644)
        }
        try put("empty.bin", [])
        try put("a/b/c/deep.txt", Array("deep\n".utf8))
        try put("with space/naïve café.csv", Array("x,y\n1,2\n".utf8))
        try put("run.sh", Array("#!/bin/sh\necho hi\n".utf8), executable: true)
        try put("big.bin", (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) })
        try FileManager.default.createSymbolicLink(atPath: repo.appending("data/set/link.txt"), withDestinationPath: "a/b/c/deep.txt")
        expected["link.txt"] = (Array("deep\n".utf8), 0o644)
        return expected
    }

    func snapshot(_ folder: String) throws -> [String: (bytes: [UInt8], mode: Int)] {
        var result: [String: (bytes: [UInt8], mode: Int)] = [:]
        let root = repo.appending(folder)
        for case let relative as String in FileManager.default.enumerator(atPath: root)! {
            let path = root + "/" + relative
            var info = stat()
            stat(path, &info)
            guard (info.st_mode & S_IFMT) == S_IFREG else { continue }
            result[relative] = (Array(FileManager.default.contents(atPath: path)!), Int(info.st_mode & 0o777))
        }
        return result
    }

    @Test(arguments: ["copy", "hardlink", "symlink", "reflink,copy"])
    func directoryRoundTripsOnEveryLinkType(linkType: String) throws {
        try expectSuccess(try mlx(["config", "cache.type", linkType]))
        let expected = try makeDataset()
        try expectSuccess(try mlx(["add", "data/set"]))
        #expect(try repo.read("data/.gitignore") == "/set\n")
        let pointer = try repo.read("data/set.mlx")
        #expect(pointer.contains("nfiles: 6\n"))

        try FileTree.removeAll(repo.appending("data/set"))
        let status = try mlx(["status", "--exit-code"])
        #expect(status.status == 1)
        #expect(status.stdout.contains("deleted:"))

        try expectSuccess(try mlx(["checkout"]))
        let restored = try snapshot("data/set")
        #expect(Set(restored.keys) == Set(expected.keys))
        for (relative, want) in expected {
            #expect(restored[relative]?.bytes == want.bytes, "\(relative)")
            // Linked files are read-only (DVC's rule); copies keep the user's write bit.
            let mode = restored[relative]?.mode ?? -1
            if linkType == "hardlink" || linkType == "symlink" {
                #expect(mode == (want.mode == 0o755 ? 0o555 : 0o444), "\(relative) mode \(String(mode, radix: 8))")
            } else {
                #expect(mode & 0o111 == want.mode & 0o111, "\(relative) exec bit")
            }
        }
        try expectSuccess(try mlx(["status", "--exit-code"]))
    }

    @Test func singleFileAndEmptyDirectoryRoundTrip() throws {
        try repo.write("model.bin", [UInt8](repeating: 0, count: 1 << 20))
        try FileManager.default.createDirectory(atPath: repo.appending("empty"), withIntermediateDirectories: true)
        try expectSuccess(try mlx(["add", "model.bin", "empty"]))
        #expect(try repo.read("model.bin.mlx") == """
            outs:
            - path: model.bin
              hash: blake3
              oid: 488de202f73bd976de4e7048f4e1f39a776d86d582b7348ff53bf432b987fca8
              size: 1048576

            """)
        try FileManager.default.removeItem(atPath: repo.appending("model.bin"))
        try FileManager.default.removeItem(atPath: repo.appending("empty"))
        let checkout = try mlx(["checkout"])
        try expectSuccess(checkout)
        #expect(repo.bytes("model.bin") == [UInt8](repeating: 0, count: 1 << 20))
        #expect(try repo.names(in: "empty") == [])
    }

    @Test func commitRecordsChangesAndCheckoutRefusesToOverwriteThem() throws {
        try repo.write("data/d/a.txt", "one\n")
        try expectSuccess(try mlx(["add", "data/d"]))
        let before = try repo.read("data/d.mlx")
        try repo.write("data/d/a.txt", "two\n")

        let refused = try mlx(["checkout"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("mlx: error: data/d: has changes that are not recorded (a.txt)"))
        #expect(try repo.read("data/d/a.txt") == "two\n")

        let commit = try mlx(["commit"])
        try expectSuccess(commit)
        #expect(commit.stdout.hasPrefix("committed data/d"))
        #expect(try repo.read("data/d.mlx") != before)
        try expectSuccess(try mlx(["status", "--exit-code"]))

        try repo.write("data/d/a.txt", "three\n")
        try repo.write("data/d/extra.txt", "x")
        try expectSuccess(try mlx(["checkout", "--force", "data/d"]))
        #expect(try repo.read("data/d/a.txt") == "two\n")
        #expect(!repo.exists("data/d/extra.txt"))
    }

    @Test func statusJSONAndExitCode() throws {
        try repo.write("a.csv", "1\n")
        try repo.write("b.csv", "2\n")
        try expectSuccess(try mlx(["add", "a.csv", "b.csv"]))
        try expectSuccess(try mlx(["status", "--exit-code"]))
        try repo.write("a.csv", "changed\n")
        try FileManager.default.removeItem(atPath: repo.appending("b.csv"))
        let result = try mlx(["status", "--json", "--exit-code"])
        #expect(result.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(document["clean"] as? Bool == false)
        let states = (document["data"] as! [[String: Any]]).map { "\($0["path"]!)=\($0["state"]!)" }.sorted()
        #expect(states == ["a.csv=modified", "b.csv=deleted"])
    }

    @Test func removeAndMoveKeepPointersAndGitignoreConsistent() throws {
        try repo.write("data/x.bin", "x")
        try expectSuccess(try mlx(["add", "data/x.bin"]))
        try expectSuccess(try mlx(["move", "data/x.bin", "data/y.bin"]))
        #expect(repo.exists("data/y.bin") && repo.exists("data/y.bin.mlx"))
        #expect(!repo.exists("data/x.bin") && !repo.exists("data/x.bin.mlx"))
        #expect(try repo.read("data/.gitignore") == "/y.bin\n")
        #expect(try repo.read("data/y.bin.mlx").contains("path: y.bin\n"))
        try expectSuccess(try mlx(["status", "--exit-code"]))

        try expectSuccess(try mlx(["remove", "data/y.bin.mlx"]))
        #expect(!repo.exists("data/y.bin.mlx"))
        #expect(repo.exists("data/y.bin"))
        #expect(!repo.exists("data/.gitignore"))
    }

    @Test func secondWriterWaitsThenNamesTheHolder() throws {
        try repo.write("f", "f")
        let lock = repo.appending(".mlx/tmp/lock")
        // A holder that writes "pid command" like mlx does, then sleeps holding the flock.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>>\"$0\"; flock -x 9; echo \"$$ mlx push\" > \"$0\"; exec sleep 30", lock]
        try holder.run()
        defer { kill(holder.processIdentifier, SIGKILL); var status: Int32 = 0; waitpid(holder.processIdentifier, &status, 0) }
        while (try? String(contentsOfFile: lock, encoding: .utf8))?.contains("mlx push") != true { usleep(10_000) }

        let started = Date()
        let result = try mlx(["add", "--wait", "0.5", "f"])
        #expect(result.status == 1)
        #expect(Date().timeIntervalSince(started) >= 0.5)
        #expect(result.stderr.contains("\(holder.processIdentifier)"))
        #expect(result.stderr.contains("mlx push"))
        #expect(!repo.exists("f.mlx"))
    }
}

func expectSuccess(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(result.status == 0, "exit \(result.status)\nstdout: \(result.stdout)\nstderr: \(result.stderr)", sourceLocation: sourceLocation)
}
