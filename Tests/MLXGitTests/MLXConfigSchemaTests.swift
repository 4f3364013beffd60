import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

/// The schema applied to the files: writes refused before they happen, hand edits located.
@Suite struct MLXConfigSchemaTests {
    private func makeConfig(_ sandbox: TemporaryDirectory) throws -> MLXConfig {
        try MLXConfig(
            projectRoot: sandbox.appending("project"),
            environment: ["XDG_CONFIG_HOME": sandbox.appending("xdg"), "HOME": sandbox.appending("home")],
            systemFile: sandbox.appending("etc/mlx/config")
        )
    }

    private func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aRefusedWriteLeavesTheFileAsItWas() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        let original = "[core]\n\tremote = a\n"
        try sandbox.write("project/.mlx/config", original)
        let config = try makeConfig(sandbox)
        let unknown = try #require(throws: ConfigError.self) { try config.set("cache.typ", "copy", level: .project) }
        #expect(unknown.kind == .unknownKey)
        let bad = try #require(throws: ConfigError.self) { try config.set("cache.type", "hardlnk", level: .project) }
        #expect(bad.kind == .invalidValue)
        #expect(throws: ConfigError.self) { try config.set("remote.a.jobs", "0", level: .local) }
        #expect(text(sandbox.appending("project/.mlx/config")) == original)
        #expect(text(sandbox.appending("project/.mlx/config.local")) == nil)
        try config.set("cache.type", "hardlink,copy", level: .project)
        #expect(try config.checkedString("cache.type") == "hardlink,copy")
    }

    @Test func handEditedMistakesAreReportedAtTheirFileAndLine() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.write("xdg/mlx/config", "# mine\n[cache]\n\ttype = copy\n\ttyp = copy\n")
        try sandbox.write("project/.mlx/config", """
            [core]
            \tremote = s
            [remote "s"]
            \turl = /mnt/s
            \tjobs = 0
            \tregion = eu
            [remote.Legacy]
            \tjobs = 2
            \tjobs = two
            [include]
            \tpath = other
            
            """)
        let config = try makeConfig(sandbox)
        let global = sandbox.appending("xdg/mlx/config")
        let project = sandbox.appending("project/.mlx/config")
        #expect(try config.schemaProblems().map(\.message) == [
            "\(global):4: unknown config key 'cache.typ'; did you mean cache.type?",
            "\(project):5: invalid value '0' for remote.s.jobs: must be at least 1",
            "\(project):9: invalid value 'two' for remote.legacy.jobs: expected an integer of at least 1",
        ])
        #expect(try config.schemaProblems().map(\.line) == [4, 5, 9])

        let jobs = try #require(throws: ConfigError.self) { try config.checkedString("remote.s.jobs") }
        #expect(jobs.message == "\(project):5: invalid value '0' for remote.s.jobs: must be at least 1")
        #expect(jobs.file == project && jobs.line == 5)
        #expect(try config.checkedString("remote.s.region") == "eu")
        #expect(try config.checkedString("remote.s.endpoint") == nil)
    }

    @Test func keyLinesFollowHeadersAndSkipContinuations() {
        let text = "[core]\n\tremote = a\n[remote \"My\"]\n\turl = /x \\\n\tjobs = 3\n\tJobs = 4\n; c\n[Remote.Old]\n\tregion = eu\n"
        let lines = ConfigSectionText.keyLines(in: text)
        #expect(lines.map(\.name) == ["core.remote", "remote.My.url", "remote.My.jobs", "remote.old.region"])
        #expect(lines.map(\.line) == [2, 4, 6, 9])
    }
}
