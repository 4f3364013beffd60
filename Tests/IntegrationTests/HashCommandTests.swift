import Foundation
import MLXTestSupport
import Testing

@Suite struct HashCommandTests {
    init() throws { try Shell.require(command: "b3sum", aptPackage: "b3sum") }

    @Test func printsWhatB3sumPrintsForFilesStdinAndOddNames() throws {
        let dir = TemporaryDirectory()
        try dir.write("empty", [])
        try dir.write("with space.bin", (0..<70_000).map { UInt8($0 % 251) })
        try dir.write("back\\slash", "x")
        try dir.write("new\nline", "y")
        let names = ["empty", "with space.bin", "back\\slash", "new\nline"]

        let ours = try MLXBinary.run(["hash"] + names, in: dir.path)
        let theirs = try Shell.execute("/usr/bin/env", ["b3sum"] + names, in: dir.path)
        #expect(ours.status == 0)
        #expect(ours.stdout == theirs.stdout)
        #expect(ours.stderr.isEmpty)

        let stdin = try MLXBinary.run(["hash", "-"], in: dir.path, input: Array("hello".utf8))
        let b3stdin = try Shell.run("printf hello | b3sum")
        #expect(stdin.stdout == b3stdin.stdout)
        let implicit = try MLXBinary.run(["hash"], in: dir.path, input: Array("hello".utf8))
        #expect(implicit.stdout == b3stdin.stdout)
    }

    @Test func keepsGoingPastUnreadableFilesAndExitsOne() throws {
        let dir = TemporaryDirectory()
        try dir.write("a", "a")
        try dir.write("c", "c")
        let result = try MLXBinary.run(["hash", "a", "missing", "c"], in: dir.path)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("  a") && lines[1].hasSuffix("  c"))
        #expect(result.stderr == "mlx: error: cannot read 'missing': No such file or directory\n")
    }

    @Test func jobsOptionAndDashDashAndDirectoryOption() throws {
        let dir = TemporaryDirectory()
        try dir.write("sub/-odd", "z")
        let viaC = try MLXBinary.run(["-C", "sub", "hash", "-j", "1", "--", "-odd"], in: dir.path)
        let theirs = try Shell.run("b3sum -- -odd", in: dir.appending("sub"))
        #expect(viaC.status == 0)
        #expect(viaC.stdout == theirs.stdout)

        let bad = try MLXBinary.run(["hash", "-j", "0", "x"], in: dir.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("mlx: error: --jobs must be at least 1\n"))
    }

    @Test func versionNamesTheSIMDLevel() throws {
        let dir = TemporaryDirectory()
        let result = try MLXBinary.run(["version"], in: dir.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("mlx "))
        #expect(result.stdout.contains("blake3 simd: "))
    }

    @Test func unknownCommandIsAUsageError() throws {
        let dir = TemporaryDirectory()
        let result = try MLXBinary.run(["frobnicate"], in: dir.path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mlx: error: "))
    }
}
