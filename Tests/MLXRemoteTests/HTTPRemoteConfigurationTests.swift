import MLXCore
import Testing
@testable import MLXRemote

/// How a `[remote]` section with an http(s):// or webdav(s):// URL becomes an HTTPRemote's
/// configuration, with DVC's option names.
struct HTTPRemoteConfigurationTests {
    func resolve(_ url: String, _ options: [RemoteOption: String] = [:]) throws -> HTTPRemoteConfiguration {
        try HTTPRemoteConfiguration.resolve(name: "web", url: url, options: options)
    }

    @Test func webdavURLsAreHTTPWithWebDAVAndUserInformationIsNotSent() throws {
        let dav = try resolve("webdavs://alice@example.com/dav/store/", [.password: "pw"])
        #expect(dav.speaksWebDAV && dav.baseURL == "https://example.com/dav/store")
        #expect(dav.url == "webdavs://example.com/dav/store/")
        #expect(dav.login == HTTPLogin(user: "alice", password: "pw"))
        let plain = try resolve("http://example.com:8080")
        #expect(!plain.speaksWebDAV && plain.baseURL == "http://example.com:8080" && plain.login == nil)
        #expect(try resolve("webdav://h/x").baseURL == "http://h/x")
    }

    @Test func authOptionsAsDVCNamesThem() throws {
        #expect(try resolve("https://h/x", [.user: "u", .password: "p", .auth: "digest"]).login?.scheme == .digest)
        let token = try resolve("webdavs://h/x", [.token: "t0k"])
        #expect(token.authorizationHeader?.name == "Authorization" && token.authorizationHeader?.value.revealed == "Bearer t0k")
        let custom = try resolve("https://h/x", [.auth: "custom", .customAuthHeader: "X-Key", .password: "v"])
        #expect(custom.authorizationHeader?.name == "X-Key" && custom.authorizationHeader?.value.revealed == "v")
        #expect(try resolve("https://h/x", [.method: "post", .timeout: "5", .sslVerify: "false"]).uploadMethod == "POST")
        #expect(try resolve("https://h/x", [.timeout: "5"]).timeoutSeconds == 5)
        #expect(try resolve("https://h/x", [.sslVerify: "no"]).verifiesTLS == false)
    }

    @Test func incompleteLoginsAreRefusedWithTheCommandThatCompletesThem() throws {
        for options: [RemoteOption: String] in [[.password: "p"], [.auth: "basic", .user: "u"], [.auth: "custom", .password: "p"]] {
            let error = #expect(throws: RemoteConfigurationError.self) { try resolve("https://h/x", options) }
            #expect(error?.hint?.contains("mlx remote modify --local web") == true, "\(options)")
        }
        let file = #expect(throws: RemoteConfigurationError.self) { try resolve("https://h/x", [.sslVerify: "/no/such/ca.pem"]) }
        #expect(file?.message.contains("ssl_verify") == true)
    }

    @Test func aPasswordInTheURLAndAURLWithoutHostAreRefused() throws {
        let secret = #expect(throws: RemoteConfigurationError.self) {
            try RemoteFactory.validate(RemoteSettings(name: "web", url: "https://u:hunter2@h/x"), projectRoot: nil)
        }
        #expect(secret?.message.contains("holds a password") == true)
        #expect(secret.map { !$0.description.contains("hunter2") } == true)
        #expect(secret?.hint?.contains("--local web password") == true)
        #expect(throws: RemoteConfigurationError.self) {
            try RemoteFactory.validate(RemoteSettings(name: "web", url: "webdav:///x"), projectRoot: nil)
        }
        try RemoteFactory.validate(RemoteSettings(name: "web", url: "webdavs://u@h/x"), projectRoot: nil)
        #expect(try RemoteFactory.make(RemoteSettings(name: "web", url: "https://h/x"), projectRoot: "/p") is HTTPRemote)
    }
}
