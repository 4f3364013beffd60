import Testing
@testable import MLXCore

/// A registry held in memory: files and their bytes at one commit.
private struct MemoryRegistry: RegistryRepository {
    var files: [String: (kind: RegistryFile.Kind, text: String)]

    func resolve(revision: String) throws -> String { String(repeating: "c", count: 40) }

    func registryFiles(at commit: String) throws -> [RegistryFile] {
        files.map { RegistryFile(path: $0.key, kind: $0.value.kind) }.sorted { $0.path < $1.path }
    }

    func readFiles(_ paths: [String], at revision: String) throws -> [[UInt8]?] {
        paths.map { files[$0].map { Array($0.text.utf8) } }
    }
}

private let fileOID = String(repeating: "a", count: 64)
private let directoryOID = String(repeating: "b", count: 64) + ".dir"

private func pointer(_ name: String, _ oid: String) -> String {
    "outs:\n- path: \(name)\n  hash: blake3\n  oid: \(oid)\n  size: 10\n"
}

@Suite struct RegistrySnapshotTests {
    fileprivate let registry = MemoryRegistry(files: [
        "README.md": (.regular, "hello"),
        "data/images.mlx": (.regular, pointer("images", directoryOID)),
        "data/notes.txt": (.regular, "notes"),
        "model.bin.mlx": (.regular, pointer("model.bin", fileOID)),
        ".mlx/config": (.regular, "[core]\n"),
    ])

    @Test func pointerFilesBecomeTrackedDataAndTheMlxFolderIsLeftOut() throws {
        let snapshot = try RegistrySnapshot.read(registry, url: "/srv/registry", commit: "c")
        #expect(snapshot.files.map(\.path) == ["README.md", "data/notes.txt"])
        #expect(snapshot.outputs.map(\.dataPath).sorted() == ["data/images", "model.bin"])
    }

    @Test func aPathSelectsTrackedDataPartOfADirectoryAGitFileOrAFolder() throws {
        let snapshot = try RegistrySnapshot.read(registry, url: "/srv/registry", commit: "c")
        #expect(try snapshot.select("./model.bin").trackedOutput?.output.oid == fileOID)
        let inside = try snapshot.select("data/images/cat.jpg")
        guard case let .data(output, inside: part) = inside.pieces[0].kind else { Issue.record("not data"); return }
        #expect(output.dataPath == "data/images" && part == "cat.jpg")
        #expect(try snapshot.select("README.md").pieces.count == 1)
        let folder = try snapshot.select("data/")
        #expect(folder.isDirectory && folder.pieces.map(\.relative).sorted() == ["images", "notes.txt"])
        #expect(folder.trackedOutput == nil)
    }

    @Test func pathsLeavingTheRepositoryAndMissingOnesAreRefused() throws {
        let snapshot = try RegistrySnapshot.read(registry, url: "/srv/registry", commit: "c")
        #expect(throws: RegistryError.self) { try snapshot.select("../etc/passwd") }
        #expect(throws: RegistryError.self) { try snapshot.select("missing") }
    }

    @Test func aPointerEscapingTheRepositoryIsRefusedWhenReading() throws {
        var hostile = registry
        hostile.files["x.mlx"] = (.regular, pointer("../../escape", fileOID))
        #expect(throws: RegistryError.self) { try RegistrySnapshot.read(hostile, url: "/srv/registry", commit: "c") }
    }
}
