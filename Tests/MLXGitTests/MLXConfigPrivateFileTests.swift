import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

@Suite struct MLXConfigPrivateFileTests {
    private func makeConfig(_ sandbox: TemporaryDirectory) throws -> MLXConfig {
        try MLXConfig(
            projectRoot: sandbox.appending("project"),
            environment: ["XDG_CONFIG_HOME": sandbox.appending("xdg"), "HOME": sandbox.appending("home")],
            systemFile: sandbox.appending("etc/mlx/config")
        )
    }

    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue & 0o777
    }

    @Test func theLocalFileIsCreatedOwnerOnly() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.createFolder("project/.mlx")
        let config = try makeConfig(sandbox)
        try config.set("remote.s.secret-access-key", "hush", level: .local)
        #expect(try mode(sandbox.appending("project/.mlx/config.local")) == 0o600)
        #expect(try sandbox.read("project/.mlx/config.local").contains("hush"))
    }

    @Test func everyWriteLeavesTheLocalFileOwnerOnly() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config.local", "[remote \"s\"]\n\turl = /mnt/s\n\tregion = x\n")
        let file = sandbox.appending("project/.mlx/config.local")
        let config = try makeConfig(sandbox)
        let writes: [() throws -> Void] = [
            { try config.set("remote.s.session-token", "tok", level: .local) },
            { try config.unset("remote.s.region", level: .local) },
            { try config.removeSection("remote", subsection: "s", level: .local) },
        ]
        for write in writes {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            try write()
            #expect(try mode(file) == 0o600)
        }
    }

    @Test func errorsShowAValueWithItsURLPasswordMasked() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", "[remote \"s\"]\n\tssl-verify = http://u:hunter2@h\n")
        let error = #expect(throws: ConfigError.self) { try makeConfig(sandbox).bool("remote.s.ssl-verify") }
        #expect(error?.message.contains("hunter2") == false)
        #expect(error?.message.contains("http://u:***@h") == true)
    }

    @Test func displayValuesMaskSecretsAndURLPasswords() {
        func entry(_ name: String, _ value: String) -> ConfigEntry {
            ConfigEntry(name: name, value: value, level: .local, file: "/p/.mlx/config.local")
        }
        #expect(entry("remote.s.secret-access-key", "hush").displayValue == "***")
        #expect(entry("remote.s.endpoint", "http://minio:hunter2@127.0.0.1:9000").displayValue == "http://minio:***@127.0.0.1:9000")
        #expect(entry("remote.s.url", "s3://bucket/prefix").displayValue == "s3://bucket/prefix")
    }
}
