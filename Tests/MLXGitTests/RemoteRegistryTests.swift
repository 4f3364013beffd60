import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

/// The rules on remotes live in the registry: names, option spellings, secrets, defaults, and
/// what removing a remote takes with it.
@Suite struct RemoteRegistryTests {
    private func makeRegistry(_ sandbox: TemporaryDirectory) throws -> RemoteRegistry {
        RemoteRegistry(config: try MLXConfig(
            projectRoot: sandbox.appending("project"),
            environment: ["XDG_CONFIG_HOME": sandbox.appending("xdg"), "HOME": sandbox.appending("home")],
            systemFile: sandbox.appending("etc/mlx/config")
        ))
    }

    private struct RefusedURL: Error {}

    @Test func removingTheDefaultRemoteAlsoUnsetsCoreRemote() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("etc/mlx/config", "[core]\n\tremote = old\n[remote \"old\"]\n\turl = /mnt/old\n")
        try sandbox.write("xdg/mlx/config", "[core]\n\tremote = other\n[remote \"other\"]\n\turl = /mnt/other\n")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = store\n[remote \"store\"]\n\turl = /mnt/store\n\tregion = eu\n")
        try sandbox.write("project/.mlx/config.local", "[remote \"store\"]\n\tsecret-access-key = hush\n[core]\n\tremote = store\n")
        let registry = try makeRegistry(sandbox)
        #expect(try registry.levels(of: "store") == [.project, .local])

        try registry.remove("store")
        #expect(try registry.levels(of: "store").isEmpty)
        #expect(try registry.defaultName() == "other")
        #expect(try !sandbox.read("project/.mlx/config").contains("store"))
        #expect(try !sandbox.read("project/.mlx/config.local").contains("store"))

        // The system file is never written: its remote and default stay.
        try registry.remove("old")
        #expect(try registry.url(of: "old") == "/mnt/old")
        #expect(try registry.config.entry("core.remote", level: .system)?.value == "old")

        let missing = try #require(throws: RemoteConfigurationError.self) { try registry.remove("store") }
        #expect(missing.description == "remote 'store': no such remote")
    }

    @Test func secretOptionsGoToTheLocalFileOnly() throws {
        for option in RemoteOption.allCases {
            for level in ConfigLevel.allCases {
                let refused = option.isSecret && level != .local
                #expect(refused == ((try? RemoteRegistry.checkLevel(level, canHold: option, spelled: "x")) == nil), "\(option) at \(level)")
            }
        }
        #expect(RemoteOption.allCases.filter(\.isSecret) == [.secretAccessKey, .sessionToken, .password, .token])
        let error = try #require(throws: ConfigError.self) {
            try RemoteRegistry.checkLevel(.project, canHold: .sessionToken, spelled: "session_token")
        }
        #expect(error.kind == .secretOutsideLocalFile)
        #expect(error.message == "session_token is a secret: store it with --local (.mlx/config.local, which git ignores)")

        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", "[remote \"s3\"]\n\turl = s3://bucket\n")
        let registry = try makeRegistry(sandbox)
        for level in [ConfigLevel.project, .global] {
            #expect(throws: ConfigError.self) { try registry.set(.secretAccessKey, of: "s3", to: "hush", level: level) { _ in } }
        }
        try registry.set(.secretAccessKey, of: "s3", to: "hush", level: .local) { _ in }
        try registry.set(.accessKeyID, of: "s3", to: "AKIA", level: .project) { _ in }
        #expect(try registry.config.entry("remote.s3.secret-access-key")?.level == .local)
        #expect(!sandbox.exists("xdg/mlx/config"))
        #expect(try !sandbox.read("project/.mlx/config").contains("hush"))
        #expect(try registry.settings(of: "s3").options == [.accessKeyID: "AKIA", .secretAccessKey: "hush"])

        // The same rule masks them, with the keys SSH and HTTP remotes will read.
        #expect(RemoteRegistry.isSecret(name: "remote.s3.secret_access_key"))
        #expect(RemoteRegistry.isSecret(name: "remote.web.Token") && RemoteRegistry.isSecret(name: "remote.ssh.password"))
        #expect(!RemoteRegistry.isSecret(name: "remote.s3.access-key-id") && !RemoteRegistry.isSecret(name: "password"))
        // Removing a secret is always allowed, wherever it was put by hand.
        try sandbox.write("project/.mlx/config", "[remote \"s3\"]\n\turl = s3://bucket\n\tsession-token = leaked\n")
        try makeRegistry(sandbox).set(.sessionToken, of: "s3", to: nil, level: .project) { _ in }
        #expect(try !sandbox.read("project/.mlx/config").contains("leaked"))
    }

    @Test func underscoreAndDashSpellingsAreOneOption() throws {
        for spelling in ["secret_access_key", "secret-access-key", "Secret_Access-KEY"] {
            #expect(try RemoteRegistry.option(named: spelling) == .secretAccessKey)
        }
        for option in RemoteOption.allCases {
            #expect(try RemoteRegistry.option(named: option.rawValue.replacingOccurrences(of: "-", with: "_")) == option)
        }
        let unknown = try #require(throws: ConfigError.self) { try RemoteRegistry.option(named: "colour") }
        #expect(unknown.kind == .invalidName)
        #expect(unknown.message == "unknown remote option 'colour'; one of: url, endpoint, region, profile, access-key-id, "
            + "secret-access-key, session-token, path-style, jobs, part-size, retries, ssl-verify, "
            + "user, password, auth, custom-auth-header, token, timeout, method, port, keyfile, known-hosts")

        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", "[remote \"s3\"]\n\turl = s3://bucket\n\tpath-style = true\n")
        let registry = try makeRegistry(sandbox)
        try registry.set(RemoteRegistry.option(named: "part_size"), of: "s3", to: "16MiB", level: .project) { _ in }
        #expect(try sandbox.read("project/.mlx/config").contains("part-size = 16MiB"))
        #expect(try registry.settings(of: "s3").options == [.pathStyle: "true", .partSize: "16MiB"])
    }

    @Test func invalidNamesAreRefusedWithTheRule() throws {
        for name in ["", "a\"b", "two\nlines", "back\\slash", "-r", "--force"] {
            let error = try #require(throws: ConfigError.self, "\(name)") { try RemoteRegistry.checkName(name) }
            #expect(error.kind == .invalidName)
            #expect(error.message == "invalid remote name '\(name)'")
        }
        for name in ["storage", "my store", "a.b", "x-1", "naïve", "with'quote"] {
            #expect(throws: Never.self, "\(name)") { try RemoteRegistry.checkName(name) }
        }
        let sandbox = TemporaryDirectory("mlxgit")
        #expect(throws: ConfigError.self) {
            try makeRegistry(sandbox).add("-r", url: "/mnt/x", level: .project, asDefault: false, replacing: false) { _ in }
        }
        #expect(!sandbox.exists("project/.mlx/config"))
    }

    @Test func addRefusesATakenNameUnlessReplacingAndChecksTheURLFirst() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("xdg/mlx/config", "[remote \"store\"]\n\turl = /mnt/global\n")
        let registry = try makeRegistry(sandbox)
        let taken = try #require(throws: RemoteConfigurationError.self) {
            try registry.add("store", url: "/mnt/store", level: .project, asDefault: false, replacing: false) { _ in }
        }
        #expect(taken.description == "remote 'store': already exists (in \(sandbox.appending("xdg/mlx/config")))")

        #expect(throws: RefusedURL.self) {
            try registry.add("store", url: "bad", level: .project, asDefault: true, replacing: true) { _ in throw RefusedURL() }
        }
        #expect(!sandbox.exists("project/.mlx/config"))

        try registry.add("store", url: "/mnt/store", level: .project, asDefault: true, replacing: true) { _ in }
        try registry.set(.region, of: "store", to: "eu", level: .project) { _ in }
        try registry.add("store", url: "/mnt/new", level: .project, asDefault: false, replacing: true) { _ in }
        #expect(try registry.levels(of: "store") == [.global, .project])
        #expect(try registry.settings(of: nil) == RemoteSettings(name: "store", url: "/mnt/new"))
        #expect(try registry.entries() == [RemoteRegistry.Entry(name: "store", url: "/mnt/new", isDefault: true)])

        #expect(throws: RefusedURL.self) {
            try registry.set(.url, of: "store", to: "bad", level: .project) { _ in throw RefusedURL() }
        }
        let absent = try #require(throws: RemoteConfigurationError.self) {
            try registry.set(.region, of: "nowhere", to: "eu", level: .project) { _ in }
        }
        #expect(absent.description == "remote 'nowhere': no such remote")
    }

    @Test func settingsAreTypedWithTheirDefaults() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let registry = try makeRegistry(sandbox)
        let none = try #require(throws: RemoteConfigurationError.self) { try registry.settings(of: nil) }
        #expect(none.message == "no remote is configured")

        try sandbox.write("project/.mlx/config", """
            [remote "a"]
            \turl = s3://bucket
            \tendpoint = http://127.0.0.1:9000
            \tjobs = 1
            \tretries = 2
            [remote "b"]
            \turl = /mnt/b
            \tretries = -1
            [remote "c"]
            \tregion = eu
            [remote "d"]
            \turl = /mnt/d
            \tjobs = many
            """)
        let configured = try makeRegistry(sandbox)
        let noDefault = try #require(throws: RemoteConfigurationError.self) { try configured.settings(of: nil) }
        #expect(noDefault.message == "no default remote is set")
        #expect(noDefault.hint == "pass -r NAME (one of: a, b, c, d), or 'mlx remote default NAME'")
        #expect(try configured.settings(of: "a")
            == RemoteSettings(name: "a", url: "s3://bucket", options: [.endpoint: "http://127.0.0.1:9000"], jobs: 1, retries: 2))
        let negative = try #require(throws: ConfigError.self) { try configured.settings(of: "b") }
        #expect(negative.description == "\(sandbox.appending("project/.mlx/config")):8: invalid value '-1' for remote.b.retries: must be at least 0")
        let noURL = try #require(throws: RemoteConfigurationError.self) { try configured.settings(of: "c") }
        #expect(noURL.message == "no such remote (remote.c.url is not set)")
        #expect(try #require(throws: ConfigError.self) { try configured.settings(of: "d") }.kind == .invalidValue)
        #expect(try configured.entries().map(\.name) == ["a", "b", "d"])

        try configured.setDefault("a", level: .local)
        #expect(try configured.settings(of: nil).name == "a")
        #expect(throws: RemoteConfigurationError.self) { try configured.setDefault("c", level: .local) }
        try configured.unsetDefault(level: .local)
        #expect(try configured.defaultName() == nil)
    }
}
