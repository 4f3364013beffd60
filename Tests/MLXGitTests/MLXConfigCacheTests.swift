import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

/// `cache.dir` and `cache.shared` as DVC reads them: relative to the file that sets them.
@Suite struct MLXConfigCacheTests {
    private func makeConfig(_ sandbox: TemporaryDirectory) throws -> MLXConfig {
        try MLXConfig(projectRoot: sandbox.appending("project"), environment: environment(sandbox),
                      systemFile: sandbox.appending("etc/mlx/config"))
    }

    private func environment(_ sandbox: TemporaryDirectory) -> [String: String] {
        ["XDG_CONFIG_HOME": sandbox.appending("xdg"), "HOME": sandbox.appending("home"), "MLX_CONFIG_SYSTEM": sandbox.appending("etc/mlx/config")]
    }

    @Test func aRelativeCacheDirIsRelativeToTheFolderOfTheFileThatSetsIt() throws {
        let sandbox = TemporaryDirectory("mlxgit-cache")
        try sandbox.write("xdg/mlx/config", "[cache]\n\tdir = caches/all\n")
        #expect(try makeConfig(sandbox).cacheDirectory() == sandbox.appending("xdg/mlx/caches/all"))
        try sandbox.write("project/.mlx/config", "[cache]\n\tdir = ../../shared\n\tshared = group\n")
        let config = try makeConfig(sandbox)
        #expect(try config.cacheDirectory() == sandbox.appending("shared"))
        #expect(try config.cacheSharing() == .group)
        try sandbox.write("project/.mlx/config.local", "[cache]\n\tdir = /data/cache/\n")
        #expect(try makeConfig(sandbox).cacheDirectory() == "/data/cache")
    }

    @Test func noSettingMeansTheProjectsOwnCache() throws {
        let sandbox = TemporaryDirectory("mlxgit-cache")
        try sandbox.write("project/.mlx/config", "[core]\n\tremote = store\n")
        let config = try makeConfig(sandbox)
        #expect(try config.cacheDirectory() == nil)
        #expect(try config.cacheSharing() == .owner)
        #expect(!MLXConfig.mayConfigureCache(projectRoot: sandbox.appending("project"), environment: environment(sandbox)))
        try sandbox.write("xdg/mlx/config", "[Cache]\n\tDir = /x\n")
        #expect(MLXConfig.mayConfigureCache(projectRoot: sandbox.appending("project"), environment: environment(sandbox)))
    }

    @Test func aHandEditedBadValueIsReportedWithItsLine() throws {
        let sandbox = TemporaryDirectory("mlxgit-cache")
        try sandbox.write("project/.mlx/config", "[cache]\n\tshared = all\n")
        let error = try #require(throws: ConfigError.self) { try makeConfig(sandbox).cacheSharing() }
        #expect(error.message == sandbox.appending("project/.mlx/config") + ":2: invalid value 'all' for cache.shared: expected group")
        #expect(ConfigSchema.keys.contains { $0.name == "cache.dir" })
        #expect(throws: ConfigError.self) { try ConfigSchema.check("cache.dir", "s3://bucket/cache") }
        #expect(throws: ConfigError.self) { try ConfigSchema.check("cache.dir", "") }
    }

    @Test func cacheDirValuesAreWrittenRelativeToTheConfigFilesFolder() {
        let file = "/work/p/.mlx/config"
        #expect(MLXConfig.cacheDirectoryValue(for: "../shared", typedIn: "/work/p", file: file) == "../../shared")
        #expect(MLXConfig.cacheDirectoryValue(for: "../../shared", typedIn: "/work/p/sub", file: file) == "../../shared")
        #expect(MLXConfig.cacheDirectoryValue(for: "cache2", typedIn: "/work/p/.mlx", file: file) == "cache2")
        #expect(MLXConfig.cacheDirectoryValue(for: "/data/cache", typedIn: "/work/p", file: file) == "/data/cache")
        #expect(MLXConfig.resolvedCacheDirectory("../../shared", setIn: file) == "/work/shared")
    }
}
