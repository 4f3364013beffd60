import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct ProjectPathTests {
    @Test(arguments: ["a", "data/train.csv", "a/b/c.d", ".hidden/x", "..dots", "a..b/c", "with space", "é/ü", "a\\b"])
    func validPaths(path: String) throws {
        #expect(try ProjectPath(validating: path).string == path)
    }

    @Test(arguments: [
        ("", "path is empty"),
        ("/etc/passwd", "path must be relative, not absolute"),
        ("../x", "path escapes its folder through `..`"),
        ("a/../../etc/passwd", "path escapes its folder through `..`"),
        ("a/..", "path escapes its folder through `..`"),
        ("a//b", "path has an empty segment"),
        ("a/", "path has an empty segment"),
        ("./a", "path has a `.` segment"),
        ("a/./b", "path has a `.` segment"),
        ("a\0b", "path contains a NUL byte"),
    ])
    func invalidPaths(path: String, message: String) {
        let error = #expect(throws: PathError.self) { try ProjectPath(validating: path) }
        #expect(error?.message == message)
        #expect(error?.path == path)
        #expect(error?.description == "\(path): \(message)")
    }

    @Test(arguments: [".git/hooks/post-checkout", ".GIT/config", "a/.Git", "a/.gIt/b", ".mlx/config.local", "sub/.MLX/cache/x", ".mlx"])
    func segmentsNamedGitOrMlxInAnyCaseAreRefused(path: String) {
        let error = #expect(throws: PathError.self) { try ProjectPath(validating: path) }
        #expect(error?.message.hasPrefix("path names `.") == true, "\(String(describing: error))")
        #expect(error?.message.hasSuffix("which mlx never writes into") == true)
    }

    @Test(arguments: [".gitignore", ".github/x", "a.git", "x.mlx", ".mlxignore", "git", "mlx/.gi", ".gi/t", "a/.mlx2"])
    func namesThatOnlyResembleGitOrMlxAreValid(path: String) throws {
        #expect(try ProjectPath(validating: path).string == path)
    }

    @Test func symlinksIntoGitOrMlxAreRefusedButCacheObjectsAreNot() throws {
        let project = TemporaryDirectory()
        try project.write(".git/config", "x")
        try project.write(".mlx/config.local", "x")
        try project.write(".mlx/cache/files/blake3/ab/cdef", "x")
        try FileManager.default.createSymbolicLink(atPath: project.file("hook"), withDestinationPath: ".git/config")
        try FileManager.default.createSymbolicLink(atPath: project.file("secret"), withDestinationPath: ".mlx/config.local")
        try FileManager.default.createSymbolicLink(atPath: project.file("linked"), withDestinationPath: ".mlx/cache/files/blake3/ab/cdef")
        for path in ["hook", "secret"] {
            let error = #expect(throws: PathError.self) { try ProjectPath(validating: path).resolved(under: project.path) }
            #expect(error?.message.hasPrefix("path leads into `.") == true, "\(String(describing: error))")
        }
        #expect(try ProjectPath(validating: "linked").resolved(under: project.path) == project.file("linked"))
        // A path about to be replaced by a rename is not followed at its last step.
        #expect(try ProjectPath(validating: "hook").resolved(under: project.path, followingFinalLink: false) == project.file("hook"))
    }

    @Test func resolvesInsideTheRoot() throws {
        let directory = TemporaryDirectory()
        try directory.write("data/train.csv", "x")
        #expect(try ProjectPath(validating: "data/train.csv").resolved(under: directory.path) == directory.file("data/train.csv"))
        // Not created yet (a checkout target): fine.
        #expect(try ProjectPath(validating: "new/deep/file").resolved(under: directory.path) == directory.file("new/deep/file"))
    }

    @Test func symlinkInsideTheRootIsAccepted() throws {
        let directory = TemporaryDirectory()
        try directory.write("real/file", "x")
        try FileManager.default.createSymbolicLink(atPath: directory.file("alias"), withDestinationPath: "real")
        #expect(try ProjectPath(validating: "alias/file").resolved(under: directory.path) == directory.file("alias/file"))
    }

    @Test func symlinkLeadingOutIsRefused() throws {
        let outside = TemporaryDirectory()
        let project = TemporaryDirectory()
        try outside.write("secret", "x")
        try FileManager.default.createSymbolicLink(atPath: project.file("data"), withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: project.file("passwd"), withDestinationPath: "/etc/passwd")
        for path in ["data/secret", "data/not-yet", "passwd"] {
            let error = #expect(throws: PathError.self) { try ProjectPath(validating: path).resolved(under: project.path) }
            #expect(error?.path == path)
            #expect(error?.message.hasPrefix("path leads out of the project through a symlink") == true)
        }
    }

    @Test func parentAndAppending() throws {
        let path = try ProjectPath(validating: "a/b/c")
        #expect(path.parent?.string == "a/b")
        #expect(try ProjectPath(validating: "c").parent == nil)
        #expect(path.appending(try ProjectPath(validating: "d/e")).string == "a/b/c/d/e")
        #expect(path.components == ["a", "b", "c"])
    }
}
