import Foundation
import MLXTestSupport
import Testing

/// `mlx push`, `mlx pull` and `mlx status --cloud` through a real OpenSSH server on 127.0.0.1,
/// as users run them: an ssh:// remote with a key and a known_hosts file.
@Suite(.enabled(if: SSHServer.isAvailable, "needs sshd (apt-get install openssh-server)"))
struct SSHRoundTripTests {
    /// A project with a default ssh:// remote `box` on the shared server.
    private func project(_ server: SSHServer, remoteFolder: String) throws -> TemporaryDirectory {
        let origin = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: origin.path))
        try expectSuccess(try MLXBinary.run(["remote", "add", "-d", "box", server.url(remoteFolder)], in: origin.path))
        try expectSuccess(try MLXBinary.run(["remote", "modify", "box", "keyfile", server.userKey], in: origin.path))
        try expectSuccess(try MLXBinary.run(["remote", "modify", "box", "known_hosts", server.knownHosts], in: origin.path))
        return origin
    }

    @Test func pushStatusAndPullThroughAnSSHServer() throws {
        let server = try SSHServer.sharedServer()
        let remoteFolder = "it-\(UInt64.random(in: 0...UInt64.max))"
        let origin = try project(server, remoteFolder: remoteFolder)
        try origin.write("data/model.bin", (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for index in 0..<40 { try origin.write("data/set/f\(index).txt", "file \(index)\n") }
        try expectSuccess(try MLXBinary.run(["add", "-q", "data/model.bin", "data/set"], in: origin.path))

        #expect(try MLXBinary.run(["status", "--cloud", "--exit-code"], in: origin.path).status == 1)
        let push = try MLXBinary.run(["push", "-j", "4"], in: origin.path)
        try expectSuccess(push)
        #expect(push.stdout.hasSuffix(", 0 failed\n"), "\(push.stdout)")
        try expectSuccess(try MLXBinary.run(["status", "--cloud", "--exit-code"], in: origin.path))
        let stored = FileManager.default.enumerator(atPath: server.path(remoteFolder))?.allObjects as? [String] ?? []
        #expect(!stored.contains { $0.contains(".mlx-tmp-") }, "a temporary was left on the server")

        try Shell.check("git add -A && git commit -qm data", in: origin.path)
        let clonePath = origin.path + "-clone"
        try Shell.check("git clone -q '\(origin.path)' '\(clonePath)'")
        defer { try? FileTree.removeAll(clonePath) }
        try expectSuccess(try MLXBinary.run(["pull"], in: clonePath))
        #expect(FileManager.default.contents(atPath: clonePath + "/data/model.bin") == FileManager.default.contents(atPath: origin.appending("data/model.bin")))
        #expect(try String(contentsOfFile: clonePath + "/data/set/f7.txt", encoding: .utf8) == "file 7\n")
        try expectSuccess(try MLXBinary.run(["status", "--exit-code"], in: clonePath))
    }

    @Test func anUnknownHostKeyStopsThePushWithWhatToDoAndWritesNothing() throws {
        let server = try SSHServer.sharedServer()
        let remoteFolder = "it-\(UInt64.random(in: 0...UInt64.max))"
        let origin = try project(server, remoteFolder: remoteFolder)
        let empty = try origin.write("../empty_known_hosts", "")
        try expectSuccess(try MLXBinary.run(["remote", "modify", "box", "known_hosts", empty], in: origin.path))
        try origin.write("data.txt", "data\n")
        try expectSuccess(try MLXBinary.run(["add", "-q", "data.txt"], in: origin.path))
        let push = try MLXBinary.run(["push"], in: origin.path)
        #expect(push.status == 1)
        let shownURL = server.url(remoteFolder).replacingOccurrences(of: "//\(server.user)@", with: "//***@")
        #expect(push.stderr.hasPrefix("mlx: error: remote 'box' (\(shownURL)): host [127.0.0.1]:\(server.port) is not in \(empty)"),
                "\(push.stderr)")
        #expect(push.stderr.contains("ssh-keyscan -p \(server.port) 127.0.0.1"), "\(push.stderr)")
        #expect(!FileManager.default.fileExists(atPath: server.path(remoteFolder)))
    }

    @Test func aPasswordIsRefusedInTheCommittedConfigAndKeptInTheLocalOne() throws {
        let server = try SSHServer.sharedServer()
        let origin = try project(server, remoteFolder: "unused")
        let before = try String(contentsOfFile: origin.appending(".mlx/config"), encoding: .utf8)
        let modify = try MLXBinary.run(["remote", "modify", "box", "password", "hush"], in: origin.path)
        #expect(modify.status == 2)
        #expect(modify.stderr.hasPrefix("mlx: error: password is a secret: store it with --local"), "\(modify.stderr)")
        let config = try MLXBinary.run(["config", "remote.box.password", "hush"], in: origin.path)
        #expect(config.status == 1)
        #expect(config.stderr.contains("refusing to write the secret 'remote.box.password'"), "\(config.stderr)")
        #expect(try String(contentsOfFile: origin.appending(".mlx/config"), encoding: .utf8) == before)
        try expectSuccess(try MLXBinary.run(["remote", "modify", "--local", "box", "password", "hush"], in: origin.path))
        #expect(try MLXBinary.run(["config", "remote.box.password"], in: origin.path).stdout == "***\n")
        let url = try MLXBinary.run(["remote", "add", "other", "ssh://me:hush@127.0.0.1/srv"], in: origin.path)
        #expect(url.status == 1)
        #expect(url.stderr.contains("holds a password"), "\(url.stderr)")
    }
}
