import Foundation
import MLXTestSupport
import Testing

@Suite struct ImportCommandTests {
    @Test func importWritesAPointerThatRecordsTheSourceAndChecksOutTheData() throws {
        let fixture = try RegistryFixture()
        let commit = try fixture.root.git("rev-parse", "HEAD", in: "registry")
        let imported = try fixture.mlx(["import", fixture.registry, "data/images"])
        #expect(imported.stdout == "imported images from \(fixture.registry) at \(commit.prefix(7))\n")
        let recorded = try fixture.mlx(["import", "--rev", "main", fixture.registry, "model.bin", "-o", "models/model.bin"])
        #expect(recorded.stdout.hasPrefix("imported models/model.bin from "))
        let registryPointer = try fixture.root.read("registry/data/images.mlx")
        let pointer = try fixture.root.read("app/images.mlx")
        #expect(pointer == registryPointer + """
            deps:
            - path: data/images
              repo:
                url: \(fixture.registry)
                rev_lock: \(commit)

            """)
        #expect(try fixture.root.read("app/models/model.bin.mlx").contains("    rev: main\n    rev_lock: \(commit)\n"))
        #expect(fixture.root.bytes("app/images/dogs/rex.jpg") == Array(repeating: 2, count: 5000))
        #expect(try fixture.root.read("app/.gitignore") == "/images\n")
        let status = try fixture.mlx(["status"])
        #expect(status.stdout == "Data and pointer files are up to date.\n")
    }

    @Test func importedDataIsCachedAndPushedToTheProjectsOwnRemote() throws {
        let fixture = try RegistryFixture()
        try fixture.mlx(["import", fixture.registry, "data/images"])
        let push = try fixture.mlx(["push"])
        #expect(push.stdout.hasPrefix("pushed 3 files ("))
        try fixture.sh("rm -rf app/images app/.mlx/cache && cd app && git add -A && git commit -qm import")
        let pull = try fixture.mlx(["pull"])
        #expect(pull.stdout.contains("fetched 3 files"))
        #expect(fixture.root.bytes("app/images/cat.jpg") == Array(repeating: 1, count: 3000))
    }

    @Test func statusSaysAnUpdateIsAvailableAndUpdateBringsIt() throws {
        let fixture = try RegistryFixture()
        let first = try fixture.root.git("rev-parse", "HEAD", in: "registry")
        try fixture.mlx(["import", fixture.registry, "model.bin"])
        let newer = try fixture.changeModel()
        let status = try fixture.run(["status", "--exit-code"])
        #expect(status.status == 1)
        #expect(status.stdout == "\tupdate available: model.bin (from \(fixture.registry))\n")
        #expect(status.stderr.contains("hint: 'mlx update' brings imports up to date with their sources"))
        let update = try fixture.mlx(["update", "model.bin.mlx"])
        #expect(update.stdout == "updated model.bin (\(first.prefix(7)) -> \(newer.prefix(7)))\n")
        #expect(try fixture.root.read("app/model.bin") == "new-model")
        #expect(try fixture.root.read("app/model.bin.mlx").contains("rev_lock: \(newer)"))
        #expect(try fixture.mlx(["update", "model.bin"]).stdout == "model.bin is up to date (\(newer.prefix(7)))\n")
        #expect(try fixture.mlx(["status"]).stdout == "Data and pointer files are up to date.\n")
        // --rev goes back, and is recorded for later updates.
        try fixture.mlx(["update", "--rev", first, "model.bin"])
        #expect(fixture.root.bytes("app/model.bin") == Array(repeating: 3, count: 7000))
        #expect(try fixture.root.read("app/model.bin.mlx").contains("    rev: \(first)\n"))
    }

    @Test func importWithoutDownloadWritesOnlyThePointer() throws {
        let fixture = try RegistryFixture()
        try fixture.mlx(["import", "--no-download", fixture.registry, "model.bin"])
        #expect(fixture.root.exists("app/model.bin.mlx"))
        #expect(!fixture.root.exists("app/model.bin"))
        #expect(try fixture.root.read("app/model.bin.mlx").hasPrefix(try fixture.root.read("registry/model.bin.mlx")))
        // The data comes later from the registry, with the revision the pointer records.
        #expect(try fixture.mlx(["update", "model.bin"]).stdout.hasSuffix("is up to date (\((try fixture.root.git("rev-parse", "HEAD", in: "registry")).prefix(7)))\n"))
        #expect(fixture.root.bytes("app/model.bin") == Array(repeating: 3, count: 7000))
    }

    @Test func importRefusesADestinationOutsideTheProjectAndChangesNothing() throws {
        let fixture = try RegistryFixture()
        let outside = try fixture.run(["import", fixture.registry, "model.bin", "-o", "../elsewhere.bin"])
        #expect(outside.status == 1)
        #expect(outside.stderr.hasPrefix("mlx: error: "))
        #expect(!fixture.root.exists("elsewhere.bin"))
        let inside = try fixture.run(["import", fixture.registry, "model.bin", "-o", ".git/model.bin"])
        #expect(inside.status == 1)
        #expect(try fixture.sh("git status --porcelain", in: fixture.app).stdout.isEmpty)
    }

    @Test func aHostilePointerInTheRegistryIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try RegistryFixture()
        let pointer = try fixture.root.read("registry/model.bin.mlx").replacingOccurrences(of: "path: model.bin", with: "path: ../../escape.bin")
        try fixture.root.commit("hostile", files: ["evil.bin.mlx": pointer], in: "registry")
        let refused = try fixture.run(["import", fixture.registry, "model.bin"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("evil.bin.mlx"))
        #expect(!fixture.root.exists("app/model.bin.mlx") && !fixture.root.exists("escape.bin"))
    }

    @Test func aSymlinkInTheRegistryIsNotFollowed() throws {
        let fixture = try RegistryFixture()
        try fixture.sh("ln -s /etc/hostname registry/link && cd registry && git add link && git commit -qm link")
        let refused = try fixture.run(["get", fixture.registry, "link"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("`link` is a symbolic link; mlx does not copy links out of a registry"))
        #expect(!fixture.root.exists("app/link"))
    }

    @Test func importURLRecordsALocalSourceAndUpdateFollowsItsChanges() throws {
        let fixture = try RegistryFixture()
        try fixture.root.write("source/table.csv", "a,b\n1,2\n")
        try fixture.mlx(["import-url", fixture.root.appending("source/table.csv"), "table.csv"])
        let pointer = try fixture.root.read("app/table.csv.mlx")
        let oid = try fixture.mlx(["hash", fixture.root.appending("source/table.csv")]).stdout.prefix(64)
        #expect(pointer.hasSuffix("deps:\n- path: \(fixture.root.appending("source/table.csv"))\n  oid: \(oid)\n  size: 8\n"))
        #expect(try fixture.mlx(["status"]).stdout == "Data and pointer files are up to date.\n")
        try fixture.root.write("source/table.csv", "a,b\n1,2\n3,4\n")
        let status = try fixture.mlx(["status"])
        #expect(status.stdout == "\tchanged upstream: table.csv (from \(fixture.root.appending("source/table.csv")))\n")
        #expect(try fixture.mlx(["update", "table.csv"]).stdout == "updated table.csv\n")
        #expect(try fixture.root.read("app/table.csv") == "a,b\n1,2\n3,4\n")
        #expect(try fixture.mlx(["status"]).stdout == "Data and pointer files are up to date.\n")
    }

    @Test func importURLOfAFolderAndOfAnUnsupportedScheme() throws {
        let fixture = try RegistryFixture()
        try fixture.root.write("source/set/a.txt", "a")
        try fixture.root.write("source/set/sub/b.txt", "b")
        try fixture.mlx(["import-url", "file://" + fixture.root.appending("source/set")])
        #expect(try fixture.root.read("app/set/sub/b.txt") == "b")
        #expect(try fixture.root.read("app/set.mlx").contains("  nfiles: 2\ndeps:\n- path: \(fixture.root.appending("source/set"))\n"))
        let unsupported = try fixture.run(["import-url", "gs://bucket/x"])
        #expect(unsupported.status == 1)
        #expect(unsupported.stderr.hasPrefix("mlx: error: gs://bucket/x: import-url does not read gs:// sources"))
    }

    @Test func reproTreatsAnImportAsASourceOfTheStagesThatReadIt() throws {
        let fixture = try RegistryFixture()
        try fixture.mlx(["import", fixture.registry, "model.bin"])
        try fixture.root.write("app/mlx.yaml", "stages:\n  size:\n    cmd: wc -c < model.bin > size.txt\n    deps: [model.bin]\n    outs: [size.txt]\n")
        try fixture.mlx(["repro"])
        #expect(try fixture.root.read("app/size.txt").trimmingCharacters(in: .whitespacesAndNewlines) == "7000")
        try fixture.changeModel()
        try fixture.mlx(["update", "model.bin"])
        let status = try fixture.mlx(["status"])
        #expect(status.stdout.contains("stage 'size': "))
        try fixture.mlx(["repro"])
        #expect(try fixture.root.read("app/size.txt").trimmingCharacters(in: .whitespacesAndNewlines) == "9")
    }
}
