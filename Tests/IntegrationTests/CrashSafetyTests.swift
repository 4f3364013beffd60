import Foundation
import MLXTestSupport
import Testing

/// `kill -9` at random moments of `mlx add` of a large directory, then `add` again: the pointer
/// is right, every cache object matches its name, and no temporary is left behind.
@Suite struct CrashSafetyTests {
    @Test func killDuringAddThenAddAgain() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        // 2,000 small files and a few large ones: long enough to be killed at many points.
        for index in 0..<2_000 {
            try repo.write("data/set/f\(index % 20)/\(index).bin", (0..<(index % 7) * 300).map { UInt8(truncatingIfNeeded: $0 &+ index) })
        }
        for index in 0..<4 {
            try repo.write("data/set/large\(index).bin", [UInt8](repeating: UInt8(index), count: 8 << 20))
        }
        try killRepeatedly(["add", "-q", "data/set"], in: repo.path) {
            // Whatever the moment, a pointer that exists names only objects that are complete.
            if repo.exists("data/set.mlx") {
                try verifyCache(repo.path)
            }
        }
        try expectSuccess(try MLXBinary.run(["add", "-q", "data/set"], in: repo.path))
        try expectSuccess(try MLXBinary.run(["status", "--exit-code"], in: repo.path))
        try verifyCache(repo.path)
        let fsck = try MLXBinary.run(["fsck"], in: repo.path)
        try expectSuccess(fsck)
        #expect(fsck.stdout.contains("all intact"), "\(fsck.stdout)")
        #expect(try repo.names(in: ".mlx/cache/staging") == [], "temporaries left behind")
        let strays = try Shell.check("find '\(repo.path)' -name '.mlx-tmp-*' -not -path '*/.git/*'")
        #expect(strays.isEmpty, "stray temporaries: \(strays)")

        // And the data round-trips from that cache.
        let expected = try Shell.check("cd '\(repo.path)/data/set' && find . -type f | sort | xargs b3sum")
        try FileTree.removeAll(repo.appending("data/set"))
        try expectSuccess(try MLXBinary.run(["checkout"], in: repo.path))
        #expect(try Shell.check("cd '\(repo.path)/data/set' && find . -type f | sort | xargs b3sum") == expected)
    }

    /// `kill -9` at random moments of `mlx pull` in a fresh clone, then pull again: every object
    /// that reached the cache is whole, nothing is left in staging, and the data is right.
    @Test func killDuringPullThenPullAgain() throws {
        let project = try RemoteTestProject()
        for index in 0..<2_000 {
            try project.write("data/set/f\(index % 20)/\(index).bin", bytes(1 + (index % 7) * 300, seed: index))
        }
        for index in 0..<4 {
            try project.write("data/set/large\(index).bin", bytes(8 << 20, seed: 10_000 + index))
        }
        try project.mlx(["add", "-q", "data/set"])
        try project.mlx(["push", "-q"])
        try project.sh("git add -A && git commit -qm data")
        let clone = try project.clone()
        try killRepeatedly(["pull", "-q"], in: clone) { try verifyCache(clone) }
        try project.mlx(["pull", "-q"], in: clone)
        try expectSuccess(try MLXBinary.run(["status", "--exit-code"], in: clone))
        try verifyCache(clone)
        #expect(try FileManager.default.contentsOfDirectory(atPath: clone + "/.mlx/cache/staging") == [], "temporaries left behind")
        let expected = try Shell.check("cd '\(project.path)/data/set' && find . -type f | sort | xargs b3sum")
        #expect(try Shell.check("cd '\(clone)/data/set' && find . -type f | sort | xargs b3sum") == expected)
    }

    /// Runs `mlx arguments` in `folder` six times, each killed with SIGKILL after a random
    /// 5–160 ms, and calls `check` after each kill.
    func killRepeatedly(_ arguments: [String], in folder: String, check: () throws -> Void) throws {
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<6 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: MLXBinary.path)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 5_000...(60_000 + UInt32(attempt) * 20_000), using: &generator))
            kill(process.processIdentifier, SIGKILL)
            var status: Int32 = 0
            waitpid(process.processIdentifier, &status, 0)
            try check()
        }
    }

    /// Every object's BLAKE3 (checked with b3sum, not mlx) in the cache of the project at
    /// `project` equals its name.
    func verifyCache(_ project: String) throws {
        let root = project + "/.mlx/cache/files/blake3"
        // Killed before it made the cache: nothing to check.
        guard FileManager.default.fileExists(atPath: root) else { return }
        let listing = try Shell.check("cd '\(root)' && find . -type f | sort | xargs -r b3sum")
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            let name = parts[1].trimmingCharacters(in: .whitespaces).dropFirst(2).replacingOccurrences(of: "/", with: "").replacingOccurrences(of: ".dir", with: "")
            #expect(String(parts[0]) == name, "object \(parts[1]) holds \(parts[0])")
        }
    }
}
