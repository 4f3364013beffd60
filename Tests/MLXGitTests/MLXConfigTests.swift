import Foundation
import MLXTestSupport
import Testing
@testable import MLXGit

@Suite struct MLXConfigTests {
    /// A project plus private global and system files, so nothing outside the sandbox is read.
    private func makeConfig(_ sandbox: TemporaryDirectory, projectRoot: String? = "project") throws -> MLXConfig {
        try MLXConfig(
            projectRoot: projectRoot.map(sandbox.appending),
            environment: ["XDG_CONFIG_HOME": sandbox.appending("xdg"), "HOME": sandbox.appending("home")],
            systemFile: sandbox.appending("etc/mlx/config")
        )
    }

    @Test func higherLevelsWinOverLowerOnes() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("etc/mlx/config", "[core]\n\tremote = system\n[cache]\n\ttype = copy\n")
        try sandbox.write("xdg/mlx/config", "[core]\n\tremote = global\n")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = project\n")
        try sandbox.write("project/.mlx/config.local", "[core]\n\tremote = local\n")

        #expect(try makeConfig(sandbox).string("core.remote") == "local")
        #expect(try makeConfig(sandbox).string("cache.type") == "copy")
        let entry = try #require(try makeConfig(sandbox).entry("core.remote"))
        #expect(entry.level == .local)
        #expect(entry.file == sandbox.appending("project/.mlx/config.local"))

        try FileManager.default.removeItem(atPath: sandbox.appending("project/.mlx/config.local"))
        #expect(try makeConfig(sandbox).string("core.remote") == "project")
        try FileManager.default.removeItem(atPath: sandbox.appending("project/.mlx/config"))
        #expect(try makeConfig(sandbox).string("core.remote") == "global")
        #expect(try makeConfig(sandbox, projectRoot: nil).string("core.remote") == "global")
        try FileManager.default.removeItem(atPath: sandbox.appending("xdg/mlx/config"))
        #expect(try makeConfig(sandbox).string("core.remote") == "system")
        #expect(try makeConfig(sandbox).string("core.missing") == nil)
    }

    @Test func globalFileHonoursXDGConfigHomeThenHome() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("xdg/mlx/config", "[core]\n\tremote = from-xdg\n")
        try sandbox.write("home/.config/mlx/config", "[core]\n\tremote = from-home\n")
        let system = sandbox.appending("etc/config")

        let withXDG = try MLXConfig(
            projectRoot: nil,
            environment: ["XDG_CONFIG_HOME": sandbox.appending("xdg"), "HOME": sandbox.appending("home")],
            systemFile: system
        )
        #expect(withXDG.file(for: .global) == sandbox.appending("xdg/mlx/config"))
        #expect(try withXDG.string("core.remote") == "from-xdg")

        let withHome = try MLXConfig(projectRoot: nil, environment: ["HOME": sandbox.appending("home")], systemFile: system)
        #expect(withHome.file(for: .global) == sandbox.appending("home/.config/mlx/config"))
        #expect(try withHome.string("core.remote") == "from-home")

        let relativeXDG = try MLXConfig(
            projectRoot: nil,
            environment: ["XDG_CONFIG_HOME": "relative", "HOME": sandbox.appending("home")],
            systemFile: system
        )
        #expect(try relativeXDG.string("core.remote") == "from-home")

        let neither = try MLXConfig(projectRoot: nil, environment: [:], systemFile: system)
        #expect(neither.file(for: .global) == nil)
        #expect(neither.file(for: .project) == nil)
        let error = try #require(throws: ConfigError.self) { try neither.set("core.remote", "x", level: .global) }
        #expect(error.kind == .levelUnavailable)
    }

    @Test func setCreatesTheFileAndItsFolderInGitSyntax() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let config = try makeConfig(sandbox)

        try config.set("remote.storage.url", "s3://ml-data/project-a", level: .project)
        try config.set("Core.Remote", "storage", level: .project)
        try config.set("remote.storage.secret_access_key", "hush", level: .local)
        try config.set("cache.type", "copy", level: .global)

        #expect(try config.string("remote.storage.url") == "s3://ml-data/project-a")
        #expect(try config.string("core.remote") == "storage")
        #expect(try makeConfig(sandbox).string("remote.storage.secret_access_key") == "hush")
        #expect(try sandbox.read("project/.mlx/config.local").contains("secret-access-key = hush"))
        #expect(try makeConfig(sandbox).string("cache.type") == "copy")
        #expect(!sandbox.exists("project/.mlx/config.lock"))

        let written = try sandbox.read("project/.mlx/config")
        #expect(written.contains("[remote \"storage\"]"))
        #expect(written.contains("[core]"))
        #expect(!written.contains("Core"))
        #expect(try sandbox.git("config", "-f", sandbox.appending("project/.mlx/config"), "remote.storage.url") == "s3://ml-data/project-a")
        #expect(sandbox.exists("xdg/mlx/config"))
    }

    @Test func typedValues() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", """
            [remote "s"]
            \tpath-style = yes
            \tssl-verify = off
            \tjobs = 16
            \tpart-size = 8m
            \tflag
            \tbroken = sometimes

            """)
        let config = try makeConfig(sandbox)

        #expect(try config.bool("remote.s.path_style") == true)
        #expect(try config.bool("remote.s.path-style") == true)
        #expect(try config.bool("remote.s.ssl_verify") == false)
        #expect(try config.bool("remote.s.flag") == true)
        #expect(try config.bool("remote.s.missing") == nil)
        #expect(try config.int("remote.s.jobs") == 16)
        #expect(try config.int("remote.s.part_size") == 8 * 1024 * 1024)
        #expect(try config.int("remote.s.missing") == nil)

        let error = try #require(throws: ConfigError.self) { try config.bool("remote.s.broken") }
        #expect(error.kind == .invalidValue)
        #expect(error.message == "remote.s.broken = 'sometimes' in \(sandbox.appending("project/.mlx/config")) is not a boolean (true or false)")
        #expect(throws: ConfigError.self) { try config.int("remote.s.broken") }
    }

    @Test func unsetRemovesAKeyAndComplainsWhenItIsMissing() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let config = try makeConfig(sandbox)
        try config.set("core.remote", "storage", level: .project)
        try config.set("core.remote", "mine", level: .local)

        try config.unset("core.remote", level: .local)
        #expect(try config.string("core.remote") == "storage")
        try config.unset("core.remote", level: .project)
        #expect(try config.string("core.remote") == nil)

        let error = try #require(throws: ConfigError.self) { try config.unset("core.remote", level: .project) }
        #expect(error.kind == .notFound)
        #expect(error.message == "no key 'core.remote' in \(sandbox.appending("project/.mlx/config"))")
        #expect(error.file == sandbox.appending("project/.mlx/config"))
    }

    @Test func invalidNamesAreRejected() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let config = try makeConfig(sandbox)

        for name in ["remote", "remote.", ".url", "bad key.x"] {
            let error = try #require(throws: ConfigError.self) { try config.set(name, "x", level: .project) }
            #expect(error.kind == .invalidName)
            #expect(error.message == "invalid config name '\(name)'")
        }
        let lookup = try #require(throws: ConfigError.self) { try config.string("nodot") }
        #expect(lookup.kind == .invalidName)
    }

    @Test func listShowsEveryEntryWithItsLevelAndFile() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("etc/mlx/config", "[cache]\n\ttype = copy\n")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = a\n[remote \"a\"]\n\turl = /mnt/a\n")
        try sandbox.write("project/.mlx/config.local", "[core]\n\tremote = b\n")
        let config = try makeConfig(sandbox)

        let entries = try config.list()
        #expect(entries == [
            ConfigEntry(name: "cache.type", value: "copy", level: .system, file: sandbox.appending("etc/mlx/config")),
            ConfigEntry(name: "core.remote", value: "a", level: .project, file: sandbox.appending("project/.mlx/config")),
            ConfigEntry(name: "remote.a.url", value: "/mnt/a", level: .project, file: sandbox.appending("project/.mlx/config")),
            ConfigEntry(name: "core.remote", value: "b", level: .local, file: sandbox.appending("project/.mlx/config.local")),
        ])
    }

    @Test func subsectionsNameEachRemoteOnce() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("xdg/mlx/config", "[remote \"shared\"]\n\turl = /mnt/shared\n")
        try sandbox.write("project/.mlx/config", """
            [core]
            \tremote = storage
            [remote "storage"]
            \turl = s3://bucket
            \tregion = us-east-1
            [remote "My.Disk"]
            \turl = /media/disk

            """)
        try sandbox.write("project/.mlx/config.local", "[remote \"storage\"]\n\tsecret-access-key = s\n")
        let config = try makeConfig(sandbox)

        #expect(try config.subsections(of: "remote") == ["shared", "storage", "My.Disk"])
        #expect(try config.subsections(of: "Remote") == ["shared", "storage", "My.Disk"])
        #expect(try config.subsections(of: "core") == [])
    }

    @Test func removeSectionDropsKeysAndHeaderButKeepsOtherSectionsAndComments() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", """
            # project settings
            [core]
            \tremote = storage
            # the S3 bucket
            [remote "storage"]
            \t# credentials live in config.local
            \turl = s3://bucket
            \tregion = us-east-1
            # a USB disk
            [remote "disk"]
            \turl = /media/disk

            """)
        let config = try makeConfig(sandbox)

        try config.removeSection("remote", subsection: "storage", level: .project)

        #expect(try config.string("remote.storage.url") == nil)
        #expect(try config.subsections(of: "remote") == ["disk"])
        #expect(try sandbox.read("project/.mlx/config") == """
            # project settings
            [core]
            \tremote = storage
            # a USB disk
            [remote "disk"]
            \turl = /media/disk

            """)
        #expect(!sandbox.exists("project/.mlx/config.lock"))

        try config.set("remote.storage.url", "/mnt/new", level: .project)
        #expect(try makeConfig(sandbox).string("remote.storage.url") == "/mnt/new")
    }

    @Test func removingAMissingSectionNamesTheFile() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", "[remote \"a\"]\n\turl = /a\n")
        try sandbox.write("project/.mlx/config.local", "[remote \"b\"]\n\turl = /b\n")
        let config = try makeConfig(sandbox)

        let error = try #require(throws: ConfigError.self) {
            try config.removeSection("remote", subsection: "b", level: .project)
        }
        #expect(error.kind == .notFound)
        #expect(error.message == "no section [remote \"b\"] in \(sandbox.appending("project/.mlx/config"))")
        #expect(try config.string("remote.b.url") == "/b")
    }

    @Test func malformedFileErrorNamesFileAndLine() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = storage\n[remote \"storage\"\n\turl = s3://b\n")

        let error = try #require(throws: ConfigError.self) { try makeConfig(sandbox) }
        let file = sandbox.appending("project/.mlx/config")
        #expect(error.kind == .malformedFile)
        #expect(error.file == file)
        #expect(error.line == 3)
        #expect(error.message == "\(file):3: missing ']' in section header")
        #expect(error.cause?.hasPrefix("git_config_add_file_ondisk:") == true)
    }

    @Test func underscoreKeysInAFileGetAHint() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config.local", "[remote \"s\"]\n\taccess_key_id = AKIA\n")

        let error = try #require(throws: ConfigError.self) { try makeConfig(sandbox) }
        #expect(error.message == "\(sandbox.appending("project/.mlx/config.local")):2: invalid configuration key")
        #expect(error.hint?.contains("access-key-id") == true)
    }

    @Test func writesGoThroughTheLockFile() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = a\n")
        let config = try makeConfig(sandbox)
        try sandbox.write("project/.mlx/config.lock", "")

        let error = try #require(throws: ConfigError.self) { try config.set("core.remote", "b", level: .project) }
        #expect(error.kind == .locked)
        #expect(error.message == "\(sandbox.appending("project/.mlx/config")) is being written by another process")
        let removal = try #require(throws: ConfigError.self) {
            try config.removeSection("core", subsection: "x", level: .project)
        }
        #expect(removal.kind == .notFound)
        #expect(try sandbox.read("project/.mlx/config") == "[core]\n\tremote = a\n")

        try FileManager.default.removeItem(atPath: sandbox.appending("project/.mlx/config.lock"))
        try config.set("core.remote", "b", level: .project)
        #expect(try sandbox.read("project/.mlx/config") == "[core]\n\tremote = b\n")
        #expect(!sandbox.exists("project/.mlx/config.lock"))
    }

    @Test func concurrentWritersLoseNoUpdate() async throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let config = try makeConfig(sandbox)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask { try config.set("remote.r\(index).url", "/mnt/\(index)", level: .project) }
            }
            try await group.waitForAll()
        }
        #expect(try makeConfig(sandbox).subsections(of: "remote").count == 16)
    }
}
