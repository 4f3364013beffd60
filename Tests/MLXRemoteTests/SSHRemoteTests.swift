import Foundation
import MLXCore
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXRemote

/// What only an SSH remote does: trust no unknown or changed host key, say why a login
/// failed, resume downloads, replace files atomically on a server whose rename will not.
@Suite(.enabled(if: SSHServer.isAvailable, "needs sshd (apt-get install openssh-server)"))
struct SSHRemoteTests {
    /// A remote in a new folder of the shared server, logging in with its key.
    static func makeRemote(folder: String = "r-\(UInt64.random(in: 0...UInt64.max))",
                           options: [RemoteOption: String] = [:]) throws -> SSHRemote {
        let server = try SSHServer.sharedServer()
        var all: [RemoteOption: String] = [.keyfile: server.userKey, .knownHosts: server.knownHosts]
        all.merge(options) { $1 }
        let configuration = try SSHRemoteConfiguration.resolve(
            name: "box", url: server.url(folder), options: all, environment: ["HOME": "/nonexistent"], home: "/nonexistent")
        return SSHRemote(configuration: configuration)
    }

    private func expectRefusal(_ remote: SSHRemote, _ check: (RemoteError) -> Void) {
        do {
            _ = try remote.size(of: "files/blake3/00/x")
            Issue.record("the request went through")
        } catch {
            #expect(error.kind == .permanent)
            check(error)
        }
    }

    @Test func anUnknownHostKeyIsRefusedWithHowToTrustIt() throws {
        let scratch = TemporaryDirectory()
        let empty = try scratch.write("known_hosts", "")
        let server = try SSHServer.sharedServer()
        expectRefusal(try Self.makeRemote(options: [.knownHosts: empty])) { error in
            #expect(error.message.contains("host [127.0.0.1]:\(server.port) is not in \(empty)"), "\(error.message)")
            #expect(error.hint?.contains("ssh-keyscan -p \(server.port) 127.0.0.1 >> \(empty)") == true, "\(error.hint ?? "")")
        }
        let missing = scratch.appending("none")
        expectRefusal(try Self.makeRemote(options: [.knownHosts: missing])) { error in
            #expect(error.message.contains("(the file does not exist)"), "\(error.message)")
        }
    }

    @Test func aChangedHostKeyIsRefused() throws {
        let scratch = TemporaryDirectory()
        let server = try SSHServer.sharedServer()
        let otherKey = try SSHServer.generateKey(scratch.appending("other"))
        let knownHosts = try scratch.write("known_hosts", "[127.0.0.1]:\(server.port) \(otherKey)\n")
        expectRefusal(try Self.makeRemote(options: [.knownHosts: knownHosts])) { error in
            #expect(error.message.contains("the host key of [127.0.0.1]:\(server.port) differs from the one in \(knownHosts)"), "\(error.message)")
            #expect(error.hint?.contains("ssh-keygen -R") == true)
        }
    }

    @Test func aKeyTheServerDoesNotAcceptIsAClearAuthenticationError() throws {
        let scratch = TemporaryDirectory()
        let wrongKey = scratch.appending("wrong")
        try SSHServer.generateKey(wrongKey)
        expectRefusal(try Self.makeRemote(options: [.keyfile: wrongKey])) { error in
            #expect(error.message.contains("authentication as \(NSUserName())@[127.0.0.1]:"), "\(error.message)")
            #expect(error.message.contains("tried: key \(wrongKey)"), "\(error.message)")
        }
    }

    @Test func uploadsReplaceAnExistingFileAndLeaveNoTemporary() throws {
        let remote = try Self.makeRemote()
        let scratch = TemporaryDirectory()
        let first = try scratch.write("first", "one")
        let second = try scratch.write("second", "two!")
        try remote.upload(first, size: 3, to: "runs/a/entry")
        try remote.upload(second, size: 4, to: "runs/a/entry")
        try remote.download("runs/a/entry", to: scratch.appending("back"))
        #expect(FileManager.default.contents(atPath: scratch.appending("back")) == Data("two!".utf8))
        let folder = try SSHServer.sharedServer().path(URL(fileURLWithPath: remote.configuration.root).lastPathComponent) + "/runs/a"
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["entry"])
    }

    @Test func aMissingKeyfileIsAConfigurationError() throws {
        #expect(throws: RemoteConfigurationError.self) {
            try Self.makeRemote(options: [.keyfile: "/nonexistent/key"])
        }
    }

    @Test func theURLsUserAndPortComeBeforeTheOptions() throws {
        let configuration = try SSHRemoteConfiguration.resolve(
            name: "box", url: "ssh://alice@example.org:2222/srv/store/", options: [.user: "bob", .port: "22"],
            environment: ["USER": "carol"], home: "/nonexistent")
        #expect(configuration.user == "alice" && configuration.port == 2222 && configuration.root == "/srv/store")
        let fromOptions = try SSHRemoteConfiguration.resolve(
            name: "box", url: "sftp://example.org/~/store", options: [.user: "bob", .port: "2200"],
            environment: ["USER": "carol"], home: "/nonexistent")
        #expect(fromOptions.user == "bob" && fromOptions.port == 2200 && fromOptions.root == "store")
        #expect(fromOptions.knownHosts == "/nonexistent/.ssh/known_hosts" && fromOptions.privateKey == nil)
        #expect(fromOptions.knownHostsName == "[example.org]:2200")
    }

    @Test func aPasswordInTheURLOrANameWithoutHostIsRefused() throws {
        #expect(throws: RemoteConfigurationError.self) {
            try RemoteFactory.validate(RemoteSettings(name: "box", url: "ssh://alice:secret@example.org/srv"), projectRoot: nil)
        }
        #expect(throws: RemoteConfigurationError.self) {
            try RemoteFactory.validate(RemoteSettings(name: "box", url: "ssh:///srv"), projectRoot: nil)
        }
        #expect(throws: RemoteConfigurationError.self) {
            try SSHRemoteConfiguration.resolve(name: "box", url: "ssh://example.org/srv", options: [.port: "70000"],
                                               environment: [:], home: "/nonexistent")
        }
    }

    @Test func theLongListingKeepsNamesWithSpaces() throws {
        let text = """
            drwxr-xr-x    2 root     root         4096 Dec  7 02:33 .
            drwxr-xr-x    3 root     root         4096 Dec  7 02:33 ..
            -rw-r--r--    1 root     root            6 Dec  7  2025  two  spaces.bin
            drwxr-xr-x    2 1000     1000         4096 Jan 12 10:00 48

            """
        let entries = try SFTPListing.parse(Array(text.utf8))
        #expect(entries == [
            SFTPListing.Entry(name: " two  spaces.bin", size: 6, isFolder: false, isFile: true),
            SFTPListing.Entry(name: "48", size: 4096, isFolder: true, isFile: false),
        ])
    }
}
