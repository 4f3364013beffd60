import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

@Suite struct LocalRemoteTests {
    @Test func batchUploadsAppearOnlyAtCommit() throws {
        let folder = TemporaryDirectory()
        let remote = LocalRemote(root: folder.appending("store"), name: "local")
        let source = try folder.write("a", "alpha")
        let batch = remote.makeUploadBatch()
        try batch.upload(source, size: 5, to: "files/blake3/aa/one")
        try batch.upload(source, size: 5, to: "files/blake3/bb/two")
        #expect(try remote.size(of: "files/blake3/aa/one") == nil)
        #expect(try remote.list(prefix: "files/").isEmpty)
        try batch.commit()
        #expect(try remote.list(prefix: "files/").map(\.key).sorted() == ["files/blake3/aa/one", "files/blake3/bb/two"])
        #expect(folder.bytes("store/files/blake3/aa/one") == Array("alpha".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appending("store/files/blake3/aa")) == ["one"])
    }

    @Test func discardedBatchLeavesNoTemporaries() throws {
        let folder = TemporaryDirectory()
        let remote = LocalRemote(root: folder.appending("store"), name: "local")
        let source = try folder.write("a", "alpha")
        let batch = remote.makeUploadBatch()
        try batch.upload(source, size: 5, to: "files/blake3/aa/one")
        #expect(throws: RemoteError.self) { try batch.upload(source, size: 6, to: "files/blake3/aa/two") }
        batch.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appending("store/files/blake3/aa")).isEmpty)
    }

    @Test func objectsAreReadOnlyAndTemporariesAreNeverListed() throws {
        let folder = TemporaryDirectory()
        let remote = LocalRemote(root: folder.appending("store"), name: "local")
        try remote.upload(try folder.write("a", "alpha"), size: 5, to: "files/blake3/aa/one")
        var info = stat()
        #expect(stat(folder.appending("store/files/blake3/aa/one"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o444)
        try folder.write("store/files/blake3/aa/\(AtomicFile.temporaryPrefix)123-abc", "half")
        #expect(try remote.list(prefix: "").map(\.key) == ["files/blake3/aa/one"])
    }

    @Test func keysThatLeaveTheFolderAreRefused() throws {
        let folder = TemporaryDirectory()
        let remote = LocalRemote(root: folder.appending("store"), name: "local")
        for key in ["../escape", "a/../../b", "/abs", "a//b", ""] {
            let error = #expect(throws: RemoteError.self) { _ = try remote.size(of: key) }
            #expect(error?.kind == .permanent)
        }
    }

    @Test func unwritableFolderIsPermanentWithAHint() throws {
        guard getuid() != 0 else { return }  // root writes anywhere
        let folder = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder.appending("store"), withIntermediateDirectories: true)
        chmod(folder.appending("store"), 0o555)
        defer { chmod(folder.appending("store"), 0o755) }
        let remote = LocalRemote(root: folder.appending("store"), name: "local")
        let error = #expect(throws: RemoteError.self) { try remote.upload(try folder.write("a", "x"), size: 1, to: "files/blake3/aa/b") }
        #expect(error?.kind == .permanent)
        #expect(error?.hint?.contains("writable") == true)
    }
}
