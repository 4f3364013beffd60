import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

/// What `mlx config` needs beyond plain reads and writes: one level at a time, required reads,
/// secrets, the system file's override, and errors that print as diagnostics.
@Suite struct MLXConfigCommandSupportTests {
    private func makeConfig(_ sandbox: TemporaryDirectory, projectRoot: String? = "project") throws -> MLXConfig {
        try MLXConfig(
            projectRoot: projectRoot.map(sandbox.appending),
            environment: ["XDG_CONFIG_HOME": sandbox.appending("xdg"), "HOME": sandbox.appending("home")],
            systemFile: sandbox.appending("etc/mlx/config")
        )
    }

    @Test func readsAndListsOneLevelAlone() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("xdg/mlx/config", "[core]\n\tremote = global\n[cache]\n\ttype = copy\n")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = project\n")
        let config = try makeConfig(sandbox)

        #expect(try config.entry("core.remote", level: nil)?.value == "project")
        #expect(try config.entry("core.remote", level: .global)?.value == "global")
        #expect(try config.entry("cache.type", level: .project) == nil)
        #expect(try config.list(level: .global).map(\.name) == ["core.remote", "cache.type"])
        #expect(try config.list(level: .local).isEmpty)
        #expect(try config.list(level: nil) == config.list())

        let outside = try makeConfig(sandbox, projectRoot: nil)
        let error = try #require(throws: ConfigError.self) { try outside.list(level: .project) }
        #expect(error.kind == .levelUnavailable)
    }

    @Test func requiredEntryNamesWhatIsMissing() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let config = try makeConfig(sandbox)
        let anywhere = try #require(throws: ConfigError.self) { try config.requiredEntry("Core.Remote", level: nil) }
        #expect(anywhere.kind == .notFound)
        #expect(anywhere.description == "'core.remote' is not set")
        let local = try #require(throws: ConfigError.self) { try config.requiredEntry("core.remote", level: .local) }
        #expect(local.description == "'core.remote' is not set in \(sandbox.appending("project/.mlx/config.local"))")
        #expect(local.hint != nil)
    }

    @Test func secretsAreRecognisedInEitherSpellingAndMasked() {
        #expect(ConfigEntry.isSecret(name: "remote.s3.secret_access_key"))
        #expect(ConfigEntry.isSecret(name: "remote.s3.Session-Token"))
        #expect(ConfigEntry.isSecret(name: "remote.my.token.store.password"))
        #expect(!ConfigEntry.isSecret(name: "remote.s3.access_key_id"))
        #expect(!ConfigEntry.isSecret(name: "token"))
        let entry = ConfigEntry(name: "remote.s3.session-token", value: "t", level: .local, file: "/f")
        #expect(entry.displayValue == ConfigEntry.maskedValue)
        #expect(ConfigEntry(name: "core.remote", value: "s", level: .local, file: "/f").displayValue == "s")
    }

    @Test func refusesSecretsInTheCommittedFileOnly() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let config = try makeConfig(sandbox)
        let error = try #require(throws: ConfigError.self) {
            try config.set("remote.s3.secret_access_key", "hush", level: .project)
        }
        #expect(error.kind == .secretInCommittedFile)
        #expect(error.hint?.contains("--local") == true)
        #expect(!sandbox.exists("project/.mlx/config"))
        try config.set("remote.s3.secret_access_key", "hush", level: .local)
        try config.set("remote.s3.session_token", "t", level: .global)
        #expect(try config.string("remote.s3.secret-access-key") == "hush")
    }

    @Test func systemFileComesFromTheEnvironmentWhenNotGiven() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let chosen = try MLXConfig(projectRoot: nil, environment: ["MLX_CONFIG_SYSTEM": sandbox.appending("sys")])
        #expect(chosen.file(for: .system) == sandbox.appending("sys"))
        let fallback = try MLXConfig(projectRoot: nil, environment: ["MLX_CONFIG_SYSTEM": ""])
        #expect(fallback.file(for: .system) == "/etc/mlx/config")
    }

    @Test func errorsAreReportable() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = a\n[broken\n")
        let error = try #require(throws: ConfigError.self) { try makeConfig(sandbox) }
        let reportable: any ReportableError = error
        #expect(reportable.description.hasPrefix(sandbox.appending("project/.mlx/config") + ":3: "))
        #expect(reportable.hint != nil)
        let gitError: any ReportableError = GitError(.notARepository, "nothing here", hint: "git init")
        #expect(gitError.hint == "git init")
    }

    @Test func workTreeRootIsNilOnlyOutsideARepository() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.createFolder("plain")
        #expect(try GitRepository.workTreeRoot(containing: sandbox.appending("plain")) == nil)
        try sandbox.git("init", "-q", in: "")
        try sandbox.createFolder("plain/deeper")
        #expect(try GitRepository.workTreeRoot(containing: sandbox.appending("plain/deeper")) == sandbox.path)
        try sandbox.git("init", "-q", "--bare", "bare.git")
        #expect(throws: GitError.self) { try GitRepository.workTreeRoot(containing: sandbox.appending("bare.git")) }
    }
}
