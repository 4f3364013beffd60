import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct ProjectInitializerTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = TemporaryDirectory("mlx-init")
    }

    private func text(_ relative: String) -> String? {
        folder.bytes(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every entry under the folder, relative, folders ending in `/`.
    private func tree() -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        var entries: [String] = []
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appending(relative), isDirectory: &isDirectory)
            entries.append(relative + (isDirectory.boolValue ? "/" : ""))
        }
        return entries.sorted()
    }

    @Test func initializesAtTheRootTheLocatorFinds() throws {
        try FileManager.default.createDirectory(atPath: folder.appending("a/b"), withIntermediateDirectories: true)
        let root = folder.path
        let initializer = ProjectInitializer(locateWorkTree: { _ in root })
        let report = try initializer.initialize(from: folder.appending("a/b"))
        #expect(report.project.root == root)
        #expect(!report.wasInitialized)
        #expect(report.written == [".mlx/config", ".mlx/.gitignore", ".mlx/cache/CACHEDIR.TAG", ".mlx/tmp/", ".mlxignore"])
        #expect(tree() == [
            ".mlx/", ".mlx/.gitignore", ".mlx/cache/", ".mlx/cache/CACHEDIR.TAG", ".mlx/config", ".mlx/tmp/",
            ".mlxignore", "a/", "a/b/",
        ])
        #expect(text(".mlx/.gitignore") == "/config.local\n/cache/\n/tmp/\n")
        #expect(text(".mlx/cache/CACHEDIR.TAG")?.hasPrefix("Signature: 8a477f597d28d172789f06886806bc55\n") == true)
        #expect(text(".mlx/config") == ProjectInitializer.configComment)
        #expect(text(".mlxignore") == ProjectInitializer.mlxignore)
    }

    @Test func secondRunChangesNothing() throws {
        let initializer = ProjectInitializer(locateWorkTree: nil)
        try initializer.initialize(from: folder.path)
        try folder.write(".mlx/config", "[core]\n\tremote = mine\n")
        try folder.write(".mlxignore", "*.tmp\n")
        let again = try initializer.initialize(from: folder.path)
        #expect(again.wasInitialized && again.written.isEmpty)
        #expect(text(".mlx/config") == "[core]\n\tremote = mine\n")
        #expect(text(".mlxignore") == "*.tmp\n")
    }

    @Test func withoutGitTheFolderItselfIsInitializedAndMarked() throws {
        let report = try ProjectInitializer(locateWorkTree: nil).initialize(from: folder.path)
        #expect(report.project.root == folder.path)
        #expect(text(".mlx/config") == ProjectInitializer.configComment + "[core]\n\tno-scm = true\n")
    }

    @Test func outsideAWorkTreeIsRefused() throws {
        let initializer = ProjectInitializer(locateWorkTree: { _ in nil })
        #expect(throws: ProjectError.notInsideGit(folder.path)) { try initializer.initialize(from: folder.path) }
        #expect(tree().isEmpty)
    }

    @Test func aFileNamedMLXIsAClearError() throws {
        try folder.write(".mlx", "not a folder")
        let initializer = ProjectInitializer(locateWorkTree: nil)
        #expect(throws: ProjectInitError.notAFolder(folder.appending(".mlx"))) { try initializer.initialize(from: folder.path) }
        #expect(tree() == [".mlx"])
    }

    @Test func aMissingFolderIsAClearError() {
        let missing = folder.appending("nope")
        #expect(throws: ProjectInitError.noSuchFolder(missing)) {
            try ProjectInitializer(locateWorkTree: nil).initialize(from: missing)
        }
    }

    @Test func forceRestoresMLXFilesButKeepsConfigAndCache() throws {
        try ProjectInitializer(locateWorkTree: nil).initialize(from: folder.path)
        try folder.write(".mlx/config", "[core]\n\tremote = mine\n")
        try folder.write(".mlx/.gitignore", "edited\n")
        try folder.write(".mlx/cache/ab/cdef", "data")
        try FileManager.default.removeItem(atPath: folder.appending(".mlx/cache/CACHEDIR.TAG"))
        try FileManager.default.removeItem(atPath: folder.appending(".mlx/tmp"))

        let report = try ProjectInitializer(locateWorkTree: nil, force: true).initialize(from: folder.path)
        #expect(report.wasInitialized)
        #expect(report.written == [".mlx/tmp/", ".mlx/.gitignore", ".mlx/cache/CACHEDIR.TAG"])
        #expect(text(".mlx/config") == "[core]\n\tremote = mine\n")
        #expect(text(".mlx/.gitignore") == ProjectInitializer.gitignore)
        #expect(text(".mlx/cache/ab/cdef") == "data")
        #expect(text(".mlx/cache/CACHEDIR.TAG") == ObjectStore.cacheDirectoryTag)
    }

    @Test func atomicCreateKeepsAnExistingFileAndWriteReplacesIt() throws {
        let path = try folder.write("f", "old")
        #expect(try AtomicFile.create(Array("new".utf8), at: path) == false)
        #expect(text("f") == "old")
        try AtomicFile.write(Array("new".utf8), to: path, permissions: 0o600)
        #expect(text("f") == "new")
        #expect(tree() == ["f"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }
}
