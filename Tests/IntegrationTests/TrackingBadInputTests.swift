import Foundation
import MLXTestSupport
import Testing

/// Every bad input gets one `mlx: error:` line naming the file (with line:column where there is
/// one), a non-zero exit, and leaves workspace and cache as they were.
@Suite struct TrackingBadInputTests {
    let repo: TemporaryDirectory

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try mlx(["init", "-q"]))
        try repo.write("data/good.csv", "a,b\n")
        try expectSuccess(try mlx(["add", "-q", "data/good.csv"]))
    }

    func mlx(_ arguments: [String]) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: repo.path)
    }

    /// Everything under the project except .git, with contents, to prove nothing changed.
    func state() throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: repo.path)! where !relative.hasPrefix(".git/") && relative != ".git" {
            var info = stat()
            lstat(repo.appending(relative), &info)
            if (info.st_mode & S_IFMT) == S_IFREG && !relative.hasSuffix("hashindex") && relative != ".mlx/tmp/lock" {
                result[relative] = repo.bytes(relative)
            }
        }
        return result
    }

    func expectRefused(_ arguments: [String], stderrContains needle: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try state()
        let result = try mlx(arguments)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("mlx: error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(needle), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(try state() == before, "files changed", sourceLocation: sourceLocation)
    }

    @Test func malformedPointerYAMLNamesFileLineAndColumn() throws {
        try repo.write("data/bad.csv.mlx", "outs:\n- path: bad.csv\n  oid: [unclosed\n")
        try expectRefused(["status"], stderrContains: "data/bad.csv.mlx:4:1: malformed YAML")
        try expectRefused(["checkout"], stderrContains: "data/bad.csv.mlx:4:1: malformed YAML")
        try expectRefused(["commit"], stderrContains: "data/bad.csv.mlx:4:1: malformed YAML")
    }

    @Test func pointerWithBadOidOrSize() throws {
        try repo.write("data/x.mlx", "outs:\n- path: x\n  hash: blake3\n  oid: 1234\n  size: 3\n")
        try expectRefused(["checkout", "data/x"], stderrContains: "data/x.mlx:4:8")
        try repo.write("data/x.mlx", "outs:\n- path: x\n  hash: blake3\n  oid: \(String(repeating: "a", count: 64))\n  size: -3\n")
        try expectRefused(["checkout", "data/x"], stderrContains: "data/x.mlx:5:9")
    }

    @Test func pointerPathThatIsAbsoluteOrEscapes() throws {
        let oid = String(repeating: "a", count: 64)
        try repo.write("data/abs.mlx", "outs:\n- path: /etc/passwd\n  hash: blake3\n  oid: \(oid)\n  size: 3\n")
        try expectRefused(["checkout", "data/abs.mlx"], stderrContains: "data/abs.mlx:2:")
        try FileManager.default.removeItem(atPath: repo.appending("data/abs.mlx"))
        try repo.write("data/esc.mlx", "outs:\n- path: ../../outside\n  hash: blake3\n  oid: \(oid)\n  size: 3\n")
        try expectRefused(["checkout", "data/esc.mlx"], stderrContains: "data/esc.mlx:2:")
    }

    @Test func manifestEntryEscapingTheDirectoryIsRefused() throws {
        // A hand-made manifest whose relpath climbs out, stored under its true BLAKE3.
        let fileOid = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
        let manifest = "[{\"oid\":\"\(fileOid)\",\"relpath\":\"../../etc/passwd\",\"size\":0}]"
        let scratch = TemporaryDirectory()
        let manifestFile = try scratch.write("m", manifest)
        let hex = try Shell.check("b3sum --no-names '\(manifestFile)'").trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repo.appending(".mlx/cache/files/blake3/\(hex.prefix(2))/\(hex.dropFirst(2)).dir")
        try repo.write(".mlx/cache/files/blake3/\(hex.prefix(2))/\(hex.dropFirst(2)).dir", manifest)
        chmod(object, 0o444)
        try repo.write("evil.mlx", "outs:\n- path: evil\n  hash: blake3\n  oid: \(hex).dir\n  size: 0\n  nfiles: 1\n")
        try expectRefused(["checkout", "evil"], stderrContains: "../../etc/passwd")
        #expect(!repo.exists("evil"))
    }

    @Test func addingPathsInsideGitOrMlxOrOutsideTheProject() throws {
        try expectRefused(["add", ".git/config"], stderrContains: ".git")
        try expectRefused(["add", ".mlx/config"], stderrContains: ".mlx")
        let outside = TemporaryDirectory()
        try outside.write("f", "x")
        try expectRefused(["add", outside.appending("f")], stderrContains: "outside the project")
        try expectRefused(["add", "data/missing.csv"], stderrContains: "data/missing.csv: does not exist")
    }

    @Test func symlinkLeadingOutOfTheProjectIsRefused() throws {
        let outside = TemporaryDirectory()
        try outside.write("secret", "s")
        try FileManager.default.createDirectory(atPath: repo.appending("d"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.appending("d/link"), withDestinationPath: outside.appending("secret"))
        try expectRefused(["add", "d"], stderrContains: "leads out of the project")
    }

    @Test func corruptCacheObjectIsRefusedAndNamed() throws {
        let pointer = try repo.read("data/good.csv.mlx")
        let oid = pointer.split(separator: "\n").first { $0.contains("oid:") }!.split(separator: " ").last!
        let object = repo.appending(".mlx/cache/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))")
        chmod(object, 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: object))
        try FileManager.default.removeItem(atPath: repo.appending("data/good.csv"))
        try expectRefused(["checkout"], stderrContains: "cache object \(oid) is corrupt")
        #expect(!repo.exists("data/good.csv"))
    }

    @Test func anObjectRememberedAsVerifiedIsHashedAgainOnceItsCtimeMoved() throws {
        let pointer = try repo.read("data/good.csv.mlx")
        let oid = pointer.split(separator: "\n").first { $0.contains("oid:") }!.split(separator: " ").last!
        let object = repo.appending(".mlx/cache/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))")
        let original = try #require(FileManager.default.contents(atPath: object))
        let past = Date(timeIntervalSinceNow: -3600)
        // Old enough that the hash index keeps what the checkout verifies (recent files are racy).
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: object)
        try FileManager.default.removeItem(atPath: repo.appending("data/good.csv"))
        try expectSuccess(try MLXBinary.run(["checkout", "-q"], in: repo.path))
        try FileManager.default.removeItem(atPath: repo.appending("data/good.csv"))
        try expectSuccess(try MLXBinary.run(["checkout", "-q"], in: repo.path))

        // Same size, same mtime, same inode: only the ctime tells the bytes changed.
        usleep(50_000)
        let inode = try FileManager.default.attributesOfItem(atPath: object)[.systemFileNumber] as? UInt64
        chmod(object, 0o644)
        var tampered = [UInt8](original)
        tampered[0] ^= 0xFF
        try Data(tampered).write(to: URL(fileURLWithPath: object))
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: object)
        chmod(object, 0o444)
        #expect(try FileManager.default.attributesOfItem(atPath: object)[.systemFileNumber] as? UInt64 == inode)
        try FileManager.default.removeItem(atPath: repo.appending("data/good.csv"))
        try expectRefused(["checkout"], stderrContains: "cache object \(oid) is corrupt")
        #expect(!repo.exists("data/good.csv"))
    }

    @Test func notAProjectAndUnknownTargets() throws {
        let elsewhere = TemporaryDirectory()
        let result = try MLXBinary.run(["status"], in: elsewhere.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: not an mlx project"))
        #expect(result.stderr.contains("hint: run 'mlx init'"))
        try expectRefused(["checkout", "nothing-here"], stderrContains: "nothing-here: is not tracked by mlx")
    }
}
