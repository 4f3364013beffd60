import Foundation
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXCore

/// Crash tests: a chosen call fails inside `Syscall`, the one door to the kernel, and what is
/// left on disk must still be whole.
@Suite struct SyscallFaultTests {
    @Test func aFailedFsyncKeepsTheOldContentAndLeavesNoTemporary() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("params.yaml")
        try AtomicFile.write("old\n", to: path)
        let error = Syscall.failing("fsync", under: directory.path, with: Syscall.Errno.ioError) {
            #expect(throws: FileSystemError.self) { try AtomicFile.write("new\n", to: path) }
        }
        #expect(error?.operation == "fsync")
        #expect(error?.code == Syscall.Errno.ioError)
        #expect(try directory.read("params.yaml") == "old\n")
        #expect(try directory.names() == ["params.yaml"])
    }

    @Test func aFailedRenameIntoTheCacheLeavesNoObjectAndNothingStaged() throws {
        let directory = TemporaryDirectory()
        let store = try ObjectStore(root: directory.file(".mlx/cache"), hasher: ContentHasher.blake3())
        let source = try directory.write("data/train.csv", "hello, cache\n")
        let oid = try B3sum.digest(of: source)
        let error = Syscall.failing("rename", under: store.objectsRoot, with: Syscall.Errno.noSpace) {
            #expect(throws: FileSystemError.self) { try store.insert(fileAt: source, oid: oid) }
        }
        #expect(error?.code == Syscall.Errno.noSpace)
        #expect(!store.contains(ObjectID(oid)))
        #expect(try Syscall.listDirectory(store.stagingRoot) == [])
        #expect(TemporaryFiles.remembered.allSatisfy { !$0.hasPrefix(directory.path) })
        #expect(try store.insert(fileAt: source, oid: oid))
    }

    @Test func aFaultOnlyHitsPathsUnderItsFolder() throws {
        let broken = TemporaryDirectory()
        let healthy = TemporaryDirectory()
        try Syscall.failing("open", under: broken.path, with: Syscall.Errno.noSpace) {
            try AtomicFile.write("fine\n", to: healthy.file("a"))
            #expect(throws: FileSystemError.self) { try AtomicFile.write("lost\n", to: broken.file("a")) }
        }
        #expect(try healthy.read("a") == "fine\n")
        #expect(try broken.names() == [])
        try AtomicFile.write("fine\n", to: broken.file("a"))
    }
}
