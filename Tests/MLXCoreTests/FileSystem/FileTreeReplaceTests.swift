import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

/// `FileTree.replace`: a finished staging copy takes a destination's place in one step, so no
/// instant (a crash, a failed call) leaves the destination missing.
@Suite struct FileTreeReplaceTests {
    @Test func aFolderReplacesAFolderAndTheOldOneIsGone() throws {
        let directory = TemporaryDirectory()
        try directory.write("data/old.txt", "old")
        try directory.write("staging/new.txt", "new")
        try FileTree.replace(directory.file("data"), with: directory.file("staging"))
        #expect(try directory.read("data/new.txt") == "new")
        #expect(!directory.exists("data/old.txt") && !directory.exists("staging"))
    }

    @Test func aFileReplacesAFolderAndAFolderAFile() throws {
        let directory = TemporaryDirectory()
        try directory.write("a/inner.txt", "folder")
        try directory.write("a.new", "file")
        try FileTree.replace(directory.file("a"), with: directory.file("a.new"))
        #expect(try directory.read("a") == "file")
        try directory.write("b.new/inner.txt", "folder")
        try FileTree.replace(directory.file("a"), with: directory.file("b.new"))
        #expect(try directory.read("a/inner.txt") == "folder")
        #expect(try directory.names() == ["a"])
    }

    @Test func aMissingDestinationIsARename() throws {
        let directory = TemporaryDirectory()
        try directory.write("staging", "x")
        try FileTree.replace(directory.file("out"), with: directory.file("staging"))
        #expect(try directory.names() == ["out"])
    }

    /// The swap is the only step that can fail before the destination changes: when it does,
    /// the old destination is whole and the staging copy still there for the caller to remove.
    @Test func aFailedSwapLeavesTheOldDestinationWhole() throws {
        let directory = TemporaryDirectory()
        try directory.write("data/old.txt", "old")
        try directory.write("staging/new.txt", "new")
        let error = Syscall.failing("rename", under: directory.path, with: Syscall.Errno.ioError) {
            #expect(throws: FileSystemError.self) { try FileTree.replace(directory.file("data"), with: directory.file("staging")) }
        }
        #expect(error?.operation == "rename")
        #expect(try directory.read("data/old.txt") == "old")
        #expect(try directory.read("staging/new.txt") == "new")
    }
}
