import Foundation
import MLXTestSupport
import Testing

@Suite struct DoctorCommandTests {
    @Test func inAProjectItNamesVersionsCacheLinkTypesGitAndHooks() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "aaa")
        try repo.directory.write(".git/hooks/pre-commit", "#!/bin/sh\n# mlx-managed hook\nexec mlx status\n")
        try repo.directory.write(".git/hooks/pre-push", "#!/bin/sh\necho my own hook\n")
        let result = try repo.mlx(["doctor"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func value(_ key: String) -> String? {
            lines.first { $0.hasPrefix(key + ":") }.map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        #expect(value("mlx") == "0.1.0")
        #expect(["avx512", "avx2", "portable"].contains(value("blake3 simd") ?? ""))
        #expect(value("libgit2")?.first?.isNumber == true)
        #expect(value("libcurl")?.first?.isNumber == true)
        #expect(value("project") == repo.root)
        #expect(value("cache") == repo.root + "/.mlx/cache (1 object, 3 B)")
        #expect(value("cache.type") == "reflink,copy")
        #expect(value("link copy") == "works")
        #expect(value("link hardlink") == "works")
        #expect(value("link reflink") != nil)
        #expect(value("git") == repo.root)
        #expect(value("hook pre-commit") == "installed")
        #expect(value("hook post-checkout") == "not installed")
        #expect(value("hook pre-push") == "foreign hook (not mlx's)")
        // The probes cleaned up after themselves.
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.root + "/.mlx/tmp") == [])
    }

    @Test func jsonOutsideAnyProjectOrRepository() throws {
        let dir = TemporaryDirectory()
        let result = try MLXBinary.run(["doctor", "--json"], in: dir.path)
        #expect(result.status == 0)
        let document = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(Set(document.keys) == ["version", "simd", "libraries", "project", "cache", "cache_type", "link_types",
                                       "git", "git_error", "problems"])
        #expect(document["project"] is NSNull && document["git"] is NSNull)
        #expect((document["git_error"] as? String)?.contains("not inside a git repository") == true)
        let libraries = try #require(document["libraries"] as? [String: String])
        #expect(Set(libraries.keys) == ["libgit2", "libcurl"])
    }

    @Test func aCacheTypeThatCannotWorkIsAProblemAndExitsOne() throws {
        let repo = try TrackedRepository()
        try repo.directory.write(".mlx/config", "[cache]\n\ttype = teleport\n")
        let result = try repo.mlx(["doctor", "--json"])
        #expect(result.status == 1)
        let document = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(document["problems"] as? [String] == ["cache.type: unknown link type `teleport`; using the default `reflink,copy`"])
        let linkTypes = try #require(document["link_types"] as? [[String: Any]])
        #expect(linkTypes.map { $0["type"] as? String } == ["reflink", "hardlink", "symlink", "copy"])
        #expect(linkTypes.last?["works"] as? Bool == true)
    }
}
