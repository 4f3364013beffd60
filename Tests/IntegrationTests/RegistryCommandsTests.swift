import Foundation
import MLXTestSupport
import Testing

@Suite struct RegistryCommandsTests {
    @Test func listShowsGitFilesAndTrackedDataWithoutPointerFiles() throws {
        let fixture = try RegistryFixture()
        let top = try fixture.mlx(["list", fixture.registry])
        #expect(top.stdout == ".gitignore\nREADME.md\ndata/\nmodel.bin\n")
        let recursive = try fixture.mlx(["list", "-R", fixture.registry, "data"])
        #expect(recursive.stdout == ".gitignore\nimages/cat.jpg\nimages/dogs/rex.jpg\n")
        let tracked = try fixture.mlx(["list", "--mlx-only", fixture.registry])
        #expect(tracked.stdout == "data/\nmodel.bin\n")
    }

    @Test func listJSONMarksTrackedDataWithSizesAndOids() throws {
        let fixture = try RegistryFixture()
        let listed = try fixture.mlx(["list", "--json", "file://" + fixture.registry, "data/images"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["path"] as? String } == ["cat.jpg", "dogs"])
        #expect(entries[0]["isout"] as? Bool == true && entries[0]["size"] as? Int == 3000)
        #expect(entries[1]["isdir"] as? Bool == true)
    }

    @Test func getOutsideAProjectDownloadsATrackedDirectoryAsPlainFiles() throws {
        let fixture = try RegistryFixture()
        try fixture.sh("mkdir outside")
        let outside = fixture.root.appending("outside")
        let get = try fixture.mlx(["get", "file://" + fixture.registry, "data/images"], in: outside)
        #expect(get.stdout.hasPrefix("downloaded 2 files ("))
        #expect(fixture.root.bytes("outside/images/dogs/rex.jpg") == Array(repeating: 2, count: 5000))
        #expect(FileManager.default.isWritableFile(atPath: outside + "/images/cat.jpg"))
        #expect(!fixture.root.exists("outside/images.mlx"))
        // Outside a project the clone lives in the user's cache.
        #expect(try fixture.root.names(in: "usercache/mlx/registry").count == 1)
    }

    @Test func getOfAFileInsideATrackedDirectoryAndOfAGitFile() throws {
        let fixture = try RegistryFixture()
        try fixture.mlx(["get", fixture.registry, "data/images/dogs/rex.jpg", "-o", "rex.jpg"])
        #expect(fixture.root.bytes("app/rex.jpg") == Array(repeating: 2, count: 5000))
        try fixture.mlx(["get", fixture.registry, "README.md"])
        #expect(try fixture.root.read("app/README.md") == "the registry\n")
        // A second get of the same repository fetches into the one clone.
        #expect(try fixture.root.names(in: "app/.mlx/tmp/registry").count == 1)
    }

    @Test func getOfAFolderBringsItsGitFilesAndTrackedData() throws {
        let fixture = try RegistryFixture()
        try fixture.root.commit("notes", files: ["data/notes.txt": "about the data\n"], in: "registry")
        try fixture.mlx(["get", fixture.registry, "data", "-o", "copy"])
        #expect(try fixture.root.read("app/copy/notes.txt") == "about the data\n")
        #expect(fixture.root.bytes("app/copy/images/cat.jpg") == Array(repeating: 1, count: 3000))
    }

    @Test func getAtARevisionReadsThatCommitsData() throws {
        let fixture = try RegistryFixture()
        let first = try fixture.root.git("rev-parse", "HEAD", in: "registry")
        try fixture.changeModel()
        try fixture.mlx(["get", fixture.registry, "model.bin"])
        #expect(try fixture.root.read("app/model.bin") == "new-model")
        try fixture.mlx(["get", "--rev", first, fixture.registry, "model.bin", "-o", "old.bin"])
        #expect(fixture.root.bytes("app/old.bin") == Array(repeating: 3, count: 7000))
    }

    @Test func getRefusesAnExistingDestinationUnlessForced() throws {
        let fixture = try RegistryFixture()
        try fixture.root.write("app/model.bin", "mine")
        let refused = try fixture.run(["get", fixture.registry, "model.bin"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("mlx: error: \(fixture.app)/model.bin: already exists\nhint: remove it, or pass --force"))
        #expect(try fixture.root.read("app/model.bin") == "mine")
        try fixture.mlx(["get", "-f", fixture.registry, "model.bin"])
        #expect(fixture.root.bytes("app/model.bin") == Array(repeating: 3, count: 7000))
    }

    @Test func getOfAPathThatIsNotThereSaysSoAndWritesNothing() throws {
        let fixture = try RegistryFixture()
        let missing = try fixture.run(["get", fixture.registry, "data/nothing"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("`data/nothing` does not exist at "))
        let escaping = try fixture.run(["get", fixture.registry, "../app"])
        #expect(escaping.status == 1)
        #expect(escaping.stderr.hasPrefix("mlx: error: \(fixture.registry): "))
        #expect(try fixture.sh("ls", in: fixture.app).stdout.isEmpty)
    }

    @Test func aRegistryWithoutARemoteNeedsRemoteConfig() throws {
        let fixture = try RegistryFixture()
        try fixture.sh("git rm -q --cached .mlx/config && git commit -qm 'no remote'", in: fixture.registry)
        let refused = try fixture.run(["get", fixture.registry, "model.bin"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("has no remote to read data from"))
        #expect(refused.stderr.contains("hint: give one with --remote-config url="))
        try fixture.mlx(["get", "--remote-config", "url=" + fixture.root.appending("store"), fixture.registry, "model.bin"])
        #expect(fixture.root.bytes("app/model.bin") == Array(repeating: 3, count: 7000))
    }
}
