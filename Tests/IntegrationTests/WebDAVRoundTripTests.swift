import Foundation
import MLXTestSupport
import Testing

/// `mlx push`, `pull`, `status -c` and `gc -c` through a WebDAV server (wsgidav on 127.0.0.1,
/// with a login), and `pull` from a plain web server (`python3 -m http.server`), as users run them.
@Suite(.enabled(if: WebDAVServer.isAvailable, "needs wsgidav (python3 -m pip install wsgidav cheroot)"))
struct WebDAVRoundTripTests {
    /// A project whose default remote `dav` is `server`'s `/store`, logged in with `password`.
    func project(_ server: WebDAVServer, password: String = WebDAVServer.password) throws -> RemoteTestProject {
        let project = try RemoteTestProject()
        try project.mlx(["remote", "add", "-d", "dav", "webdav://\(WebDAVServer.user)@127.0.0.1:\(server.port)/store"])
        try project.mlx(["remote", "modify", "--local", "dav", "password", password])
        try project.write("data/model.bin", bytes(150_000, seed: 1))
        for index in 0..<80 { try project.write("data/set/f\(index).txt", Array("file \(index)\n".utf8)) }
        try project.mlx(["add", "-q", "data/model.bin", "data/set"])
        return project
    }

    @Test func pushPullAndCloudStatusThroughAWebDAVServer() throws {
        let server = try WebDAVServer()
        let project = try project(server)
        let status = try project.mlx(["status", "-c"])
        #expect(status.stdout.contains("missing on remote"), "\(status.stdout)")
        let push = try project.mlx(["push"])
        #expect(!push.stdout.contains(WebDAVServer.password) && !push.stderr.contains(WebDAVServer.password))
        let stored = try Shell.run("find store/files -type f | wc -l", in: server.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(stored == "82", "objects on the server: \(stored)")
        #expect(try project.mlx(["status", "-c"]).stdout.contains("Cache and remote 'dav' are in sync."))

        try project.sh("git add -A && git commit -qm data")
        let clone = try project.clone()
        try project.mlx(["remote", "modify", "--local", "dav", "password", WebDAVServer.password], in: clone)
        try project.mlx(["pull"], in: clone)
        #expect(readFile(clone + "/data/model.bin") == bytes(150_000, seed: 1))
        #expect(try String(contentsOfFile: clone + "/data/set/f7.txt", encoding: .utf8) == "file 7\n")
        try project.mlx(["status", "--exit-code"], in: clone)

        // gc -c lists the server with PROPFIND and deletes what nothing uses.
        try FileManager.default.removeItem(atPath: project.path + "/data/set")
        try project.sh("rm data/set.mlx && git add -A && git commit -qm less")
        try project.mlx(["gc", "-w", "-c", "-f"])
        let left = try Shell.run("find store/files -type f | wc -l", in: server.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(left == "1", "objects left on the server: \(left)")
    }

    @Test func aWrongPasswordIsOneClearErrorNamingTheRemoteAndTheFix() throws {
        let server = try WebDAVServer()
        let project = try project(server, password: "not-the-password")
        let push = try MLXBinary.run(["push"], in: project.path)
        #expect(push.status == 1)
        let errors = push.stderr.split(separator: "\n").filter { $0.hasPrefix("mlx: error:") }
        #expect(errors.count == 1, "\(push.stderr)")
        #expect(push.stderr.contains("remote 'dav' (webdav://127.0.0.1:\(server.port)/store)"), "\(push.stderr)")
        #expect(push.stderr.contains("HTTP 401"), "\(push.stderr)")
        #expect(push.stderr.contains("mlx remote modify --local dav password"), "\(push.stderr)")
        #expect(!push.stderr.contains("not-the-password"))
        #expect(try Shell.run("find . -type f | wc -l", in: server.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")

        // A pull of many objects stops at the first refusal, with the same one error.
        try project.mlx(["remote", "modify", "--local", "dav", "password", WebDAVServer.password])
        try project.mlx(["push"])
        try project.mlx(["remote", "modify", "--local", "dav", "password", "not-the-password"])
        try FileTree.removeAll(project.path + "/.mlx/cache")
        let pull = try MLXBinary.run(["pull"], in: project.path)
        #expect(pull.status == 1)
        #expect(pull.stderr.split(separator: "\n").filter { $0.hasPrefix("mlx: error:") }.count == 1, "\(pull.stderr)")
        #expect(pull.stderr.contains("HTTP 401") && pull.stderr.contains("mlx remote modify --local dav password"), "\(pull.stderr)")
    }

    @Test func aPasswordOrTokenIsRefusedInTheCommittedConfig() throws {
        let project = try RemoteTestProject()
        try project.mlx(["remote", "add", "dav", "webdavs://dav.example.com/store"])
        for option in ["password", "token"] {
            let refused = try MLXBinary.run(["remote", "modify", "dav", option, "hush-\(option)"], in: project.path)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("\(option) is a secret: store it with --local"), "\(refused.stderr)")
            #expect(!(try String(contentsOfFile: project.path + "/.mlx/config", encoding: .utf8)).contains("hush"))
        }
        let inURL = try MLXBinary.run(["remote", "add", "web", "https://me:hush@example.com/store"], in: project.path)
        #expect(inURL.status != 0)
        #expect(inURL.stderr.contains("holds a password") && !inURL.stderr.contains("hush"), "\(inURL.stderr)")
    }

    @Test func pullFromAPlainWebServerWorksAndPushToItFailsClearly() throws {
        let project = try RemoteTestProject()
        try project.write("data/model.bin", bytes(90_000, seed: 2))
        for index in 0..<70 { try project.write("data/set/f\(index).txt", Array("plain \(index)\n".utf8)) }
        try project.mlx(["add", "-q", "data/model.bin", "data/set"])
        try project.mlx(["push"])
        try project.sh("git add -A && git commit -qm data")
        let server = try LocalHTTPServer(serving: project.store)

        let clone = try project.clone()
        try project.mlx(["remote", "add", "-d", "--local", "web", server.baseURL], in: clone)
        let before = try project.mlx(["status", "-c", "-r", "web"], in: clone)
        #expect(before.stdout.contains("missing locally") && !before.stdout.contains("missing everywhere"), "\(before.stdout)")
        try project.mlx(["pull", "-r", "web"], in: clone)
        // 72 objects: more than a listing would be used for elsewhere; here each is asked with HEAD.
        let after = try project.mlx(["status", "-c", "-r", "web"], in: clone)
        #expect(after.stdout.contains("Cache and remote 'web' are in sync."), "\(after.stdout)")
        #expect(readFile(clone + "/data/model.bin") == bytes(90_000, seed: 2))
        #expect(try String(contentsOfFile: clone + "/data/set/f69.txt", encoding: .utf8) == "plain 69\n")

        for index in 0..<5 { try RemoteTestProject.sh("echo new \(index) > new\(index).txt", in: clone) }
        try project.mlx(["add", "-q", "new0.txt", "new1.txt", "new2.txt", "new3.txt", "new4.txt"], in: clone)
        let push = try MLXBinary.run(["push", "-r", "web"], in: clone)
        #expect(push.status == 1)
        #expect(push.stderr.contains("remote 'web' (\(server.baseURL))"), "\(push.stderr)")
        #expect(push.stderr.contains("does not accept PUT") && push.stderr.contains("read-only"), "\(push.stderr)")
        #expect(push.stderr.split(separator: "\n").filter { $0.hasPrefix("mlx: error:") }.count == 1, "\(push.stderr)")

        let gc = try MLXBinary.run(["gc", "-w", "-c", "-f", "-r", "web"], in: clone)
        #expect(gc.status == 1)
        #expect(gc.stderr.contains("cannot list") && gc.stderr.contains("webdav://"), "\(gc.stderr)")
    }
}

private func readFile(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map(Array.init) ?? []
}
