import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` rules (`RemoteConformance`) held against HTTPRemote on a real WebDAV
/// server (wsgidav on 127.0.0.1): once with basic auth under a folder that does not exist yet,
/// once with digest auth at the server's root.
@Suite(.enabled(if: WebDAVServer.isAvailable, "needs wsgidav (python3 -m pip install wsgidav cheroot)"))
struct WebDAVConformanceTests {
    static let basicServer = Result { try WebDAVServer() }
    static let digestServer = Result { try WebDAVServer(digest: true) }

    @Test(arguments: RemoteConformance.Case.allCases)
    func conformance(_ check: RemoteConformance.Case) throws {
        let server = try Self.basicServer.get()
        try RemoteConformance.run(check, on: makeWebDAVRemote(server, path: "/team/store"))
    }

    @Test(arguments: RemoteConformance.Case.allCases)
    func conformanceWithDigestLoginAtTheServersRoot(_ check: RemoteConformance.Case) throws {
        let server = try Self.digestServer.get()
        try RemoteConformance.run(check, on: makeWebDAVRemote(server, path: "", scheme: .digest))
    }
}

/// An HTTPRemote speaking WebDAV to `server` below `path`, logged in as its user.
func makeWebDAVRemote(_ server: WebDAVServer, path: String = "/store", scheme: HTTPLogin.Scheme = .basic,
                      password: String = WebDAVServer.password) -> HTTPRemote {
    let url = "webdav://127.0.0.1:\(server.port)\(path)"
    return HTTPRemote(configuration: HTTPRemoteConfiguration(
        name: "dav", url: url, speaksWebDAV: true, login: HTTPLogin(user: WebDAVServer.user, password: password, scheme: scheme),
        timeoutSeconds: 20))
}
