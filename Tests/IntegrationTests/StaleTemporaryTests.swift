import Foundation
import MLXTestSupport
import Testing

/// `mlx fsck`, `mlx gc --cloud` and every locking command delete the temporaries of mlx
/// processes that have ended, and keep those of processes that still run.
@Suite struct StaleTemporaryTests {
    /// A temporary's name as mlx makes it: `.mlx-tmp-<host>-<pid>-<random>`, `<host>` the
    /// FNV-1a of the host name.
    static func temporaryName(pid: Int32) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in ProcessInfo.processInfo.hostName.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        let hex = String(hash, radix: 16)
        return ".mlx-tmp-" + String(repeating: "0", count: 8 - hex.count) + hex + "-\(pid)-\(String(UInt32.random(in: 1...UInt32.max), radix: 16))"
    }

    @Test func fsckAndGCCloudRemoveTemporariesOfEndedProcessesAndKeepLiveOnes() throws {
        let project = try RemoteTestProject()
        try project.write("a.bin", bytes(1000, seed: 1))
        try project.mlx(["add", "-q", "a.bin"])
        try project.mlx(["push", "-q"])
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let live = Process()
        live.executableURL = URL(fileURLWithPath: "/bin/sleep")
        live.arguments = ["60"]
        try live.run()
        defer { live.terminate() }
        let dead = Self.temporaryName(pid: ended.processIdentifier), alive = Self.temporaryName(pid: live.processIdentifier)
        let places = [project.path + "/.mlx/cache/staging", project.path + "/.mlx/cache/files/blake3/00",
                      project.path + "/.mlx/tmp", project.store + "/files/blake3/00"]
        for place in places {
            try FileManager.default.createDirectory(atPath: place, withIntermediateDirectories: true)
            for name in [dead, alive] { #expect(FileManager.default.createFile(atPath: place + "/" + name, contents: Data("partial".utf8))) }
        }

        let fsck = try project.mlx(["fsck"])
        #expect(fsck.stdout.contains("removed stale temporary file: files/blake3/00/\(dead)"), "\(fsck.stdout)")
        let gc = try project.mlx(["gc", "--cloud", "--workspace", "-f"])
        #expect(gc.stdout.contains("removed stale temporary file files/blake3/00/\(dead) from remote 'store'"), "\(gc.stdout)")
        for place in places {
            #expect(!FileManager.default.fileExists(atPath: place + "/" + dead), "\(place) keeps \(dead)")
            #expect(FileManager.default.fileExists(atPath: place + "/" + alive), "\(place) lost \(alive)")
        }

        live.terminate()
        live.waitUntilExit()
        try project.mlx(["fsck"])
        try project.mlx(["gc", "--cloud", "--workspace", "-f"])
        for place in places { #expect(!FileManager.default.fileExists(atPath: place + "/" + alive), "\(place) keeps \(alive)") }
    }
}
