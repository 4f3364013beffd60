import Foundation
import MLXCore
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXRemote

/// HTTPRemote against real servers on 127.0.0.1: wsgidav for WebDAV, Python's `http.server`
/// for a plain, read-only web server.
@Suite(.enabled(if: WebDAVServer.isAvailable, "needs wsgidav (python3 -m pip install wsgidav cheroot)"))
struct HTTPRemoteTests {
    let scratch = TemporaryDirectory()

    @Test func aWrongPasswordIsOnePermanentErrorNamingTheRemoteAndTheFix() throws {
        let server = try WebDAVServer()
        let remote = makeWebDAVRemote(server, password: "wrong")
        let source = try scratch.write("object", randomBytes(100))
        do {
            try remote.upload(source, size: 100, to: "files/blake3/ab/cd")
            Issue.record("an upload with a wrong password succeeded")
        } catch {
            #expect(error.kind == .permanent)
            #expect(error.description.contains("'dav' (webdav://127.0.0.1:\(server.port)/store)"), "\(error.description)")
            #expect(error.description.contains("HTTP 401"), "\(error.description)")
            #expect(error.hint?.contains("mlx remote modify --local dav password") == true, "\(error.hint ?? "")")
            #expect(!error.description.contains("wrong") && error.hint?.contains("wrong") != true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.root).isEmpty)
    }

    @Test func anUploadIsMovedIntoPlaceFromATemporaryAndMakesItsFolders() throws {
        let server = try WebDAVServer()
        let remote = makeWebDAVRemote(server, path: "/a/b")
        let bytes = randomBytes(5000)
        try remote.upload(try scratch.write("object", bytes), size: 5000, to: "files/blake3/ab/cdef")
        #expect(readFile(server.root + "/a/b/files/blake3/ab/cdef") == bytes)
        let writes = server.requests().filter { $0.hasPrefix("PUT") || $0.hasPrefix("MOVE") }
        #expect(writes.count == 2 && writes[0].contains("/a/b/files/blake3/ab/.mlx-tmp-") && writes[1].hasPrefix("MOVE"), "\(writes)")
        // The folder is known now: a second upload into it sends no MKCOL.
        let before = server.requests().count
        try remote.upload(try scratch.write("other", bytes), size: 5000, to: "files/blake3/ab/0123")
        #expect(!server.requests().dropFirst(before).contains { $0.hasPrefix("MKCOL") })
    }

    @Test func anInterruptedDownloadResumesWithARangeRequest() throws {
        let server = try WebDAVServer(requiresLogin: false)
        let bytes = randomBytes(400_000)
        try Data(bytes).write(to: URL(fileURLWithPath: server.root + "/files/big").creatingFolder())
        let proxy = try FaultInjectingProxy(upstream: server.baseURL, rules: [.init(match: "GET /", fault: .dropMidBody, times: 1)])
        let remote = HTTPRemote(configuration: HTTPRemoteConfiguration(url: proxy.endpoint, speaksWebDAV: false))
        let destination = scratch.appending("big")
        try remote.download("files/big", to: destination)
        #expect(readFile(destination) == bytes)
        let gets = server.requests().filter { $0.hasPrefix("GET") }
        #expect(gets == ["GET /files/big -", "GET /files/big bytes=200000-"], "\(gets)")
    }

    @Test func aServerThatIgnoresRangesMakesTheResumedDownloadStartOver() throws {
        let served = TemporaryDirectory()
        let bytes = randomBytes(300_000)
        try served.write("files/big", bytes)
        let server = try LocalHTTPServer(serving: served.path)
        let proxy = try FaultInjectingProxy(upstream: server.baseURL, rules: [.init(match: "GET /", fault: .dropMidBody, times: 1)])
        let remote = HTTPRemote(configuration: HTTPRemoteConfiguration(url: proxy.endpoint, speaksWebDAV: false))
        let destination = scratch.appending("big")
        try remote.download("files/big", to: destination)
        #expect(readFile(destination) == bytes)
        #expect(proxy.statistics().requests == 2)
    }

    @Test func aPlainWebServerIsReadOnlyAndCannotList() throws {
        let served = TemporaryDirectory()
        let bytes = randomBytes(1000)
        try served.write("store/files/blake3/ab/cdef", bytes)
        let server = try LocalHTTPServer(serving: served.path)
        let remote = HTTPRemote(configuration: HTTPRemoteConfiguration(name: "web", url: server.baseURL + "/store/", speaksWebDAV: false))
        #expect(!remote.canList)
        #expect(try remote.size(of: "files/blake3/ab/cdef") == 1000)
        #expect(try remote.size(of: "files/blake3/ab/missing") == nil)
        try remote.download("files/blake3/ab/cdef", to: scratch.appending("down"))
        #expect(readFile(scratch.appending("down")) == bytes)
        #expect(throws: RemoteError.self) { try remote.download("files/blake3/ab/missing", to: scratch.appending("none")) }

        let listing = #expect(throws: RemoteError.self) { try remote.list(prefix: "files/") }
        #expect(listing?.message.contains("cannot list") == true)
        #expect(listing?.hint?.contains("webdav://") == true)

        let upload = #expect(throws: RemoteError.self) {
            try remote.upload(try scratch.write("up", bytes), size: 1000, to: "files/blake3/12/3456")
        }
        #expect(upload?.kind == .permanent)
        #expect(upload?.description.contains("'web'") == true && upload?.message.contains("does not accept PUT") == true, "\(String(describing: upload))")
        #expect(upload?.hint?.contains("read-only") == true)
    }

    @Test func gcSweepsTemporariesThatNoWriterWillFinishAndKeepsFreshOnes() throws {
        let server = try WebDAVServer()
        let remote = makeWebDAVRemote(server)
        let folder = URL(fileURLWithPath: server.root + "/store/files/blake3/ab")
        let abandoned = folder.appendingPathComponent(".mlx-tmp-abandoned")
        let fresh = folder.appendingPathComponent(".mlx-tmp-fresh")
        try Data("half".utf8).write(to: abandoned.creatingFolder())
        try Data("live".utf8).write(to: fresh)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3 * 86_400)], ofItemAtPath: abandoned.path)
        try remote.upload(try scratch.write("object", randomBytes(10)), size: 10, to: "files/blake3/ab/cd")

        #expect(try remote.list(prefix: "files/").map(\.key) == ["files/blake3/ab/cd"])
        #expect(remote.sweepStaleTemporaries() == ["files/blake3/ab/.mlx-tmp-abandoned"])
        #expect(!FileManager.default.fileExists(atPath: abandoned.path) && FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test func anAnonymousReadOnlyWebDAVServerServesReadsAndRefusesWritesOnce() throws {
        let server = try WebDAVServer(requiresLogin: false, readOnly: true)
        let bytes = randomBytes(3000)
        try Data(bytes).write(to: URL(fileURLWithPath: server.root + "/store/files/ab/cd").creatingFolder())
        let remote = HTTPRemote(configuration: HTTPRemoteConfiguration(name: "ro", url: "webdav://127.0.0.1:\(server.port)/store", speaksWebDAV: true))
        #expect(try remote.list(prefix: "files/").map(\.key) == ["files/ab/cd"])
        try remote.download("files/ab/cd", to: scratch.appending("down"))
        #expect(readFile(scratch.appending("down")) == bytes)
        let refused = #expect(throws: RemoteError.self) {
            try remote.upload(try scratch.write("up", bytes), size: 3000, to: "files/ef/gh")
        }
        #expect(refused?.kind == .permanent && refused?.message.hasPrefix("HTTP 403 (forbidden)") == true, "\(String(describing: refused))")
        #expect(refused?.description.contains("'ro' (webdav://127.0.0.1:\(server.port)/store)") == true)
    }

    @Test func anHTTPSServerIsTrustedThroughSSLVerifyAsDVCNamesIt() throws {
        let server = try WebDAVServer(tls: true)
        let url = "webdavs://127.0.0.1:\(server.port)/store"
        let login: [RemoteOption: String] = [.user: WebDAVServer.user, .password: WebDAVServer.password]
        func remote(_ options: [RemoteOption: String]) throws -> HTTPRemote {
            HTTPRemote(configuration: try HTTPRemoteConfiguration.resolve(name: "dav", url: url, options: login.merging(options) { $1 }))
        }
        let source = try scratch.write("object", randomBytes(100))
        let untrusted = #expect(throws: RemoteError.self) { try remote([:]).upload(source, size: 100, to: "files/ab/cd") }
        #expect(untrusted?.kind == .permanent)
        #expect(untrusted?.hint?.contains("mlx remote modify dav ssl_verify /path/to/ca.pem") == true, "\(String(describing: untrusted))")

        try remote([.sslVerify: try #require(server.certificate)]).upload(source, size: 100, to: "files/ab/cd")
        #expect(try remote([.sslVerify: "false"]).size(of: "files/ab/cd") == 100)
    }

    @Test func aCorruptSourceIsNeverPublished() throws {
        let server = try WebDAVServer()
        let remote = makeWebDAVRemote(server)
        let content = randomBytes(200_000)
        var damaged = content
        damaged[100] ^= 1
        let error = #expect(throws: RemoteError.self) {
            try remote.upload(try scratch.write("damaged", damaged), size: 200_000, to: "files/blake3/ab/x", verifying: Blake3.hash(content))
        }
        #expect(error?.kind == .corruptSource)
        #expect(try remote.size(of: "files/blake3/ab/x") == nil)
        #expect(try remote.list(prefix: "").isEmpty)
        // The temporary is deleted, but a server may still be storing the cut-off body when the
        // DELETE comes: what it then keeps is a temporary, which `gc --cloud` sweeps.
        let left = try Shell.run("find '\(server.root)' -type f ! -name '.mlx-tmp-*'", in: server.root).stdout
        #expect(left.isEmpty, "\(left)")
    }
}

extension URL {
    /// The URL, once its folder exists.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
