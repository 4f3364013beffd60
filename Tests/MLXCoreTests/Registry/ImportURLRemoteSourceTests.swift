import Foundation
import MLXCore
import MLXTestSupport
import Testing

/// `import-url` of a folder a remote serves: what is recorded, what counts as a change, and
/// which keys are refused before anything is written.
@Suite struct ImportURLRemoteSourceTests {
    private func importing(_ objects: [String: String], url: String = "mem://set", key: String = "set")
        throws -> (OperationFixture, MemoryRemote, ImportURLOperation) {
        let fixture = try OperationFixture()
        let remote = MemoryRemote()
        for (name, text) in objects { remote.store(Array(text.utf8), at: name) }
        let operation = ImportURLOperation(workspace: fixture.workspace) { given in
            URLSource(url: given, remote: remote, key: key, queue: TransferQueue(jobs: 2, sleep: { _ in }))
        }
        return (fixture, remote, operation)
    }

    @Test func aFolderIsDownloadedWholeAndItsListingIsItsTag() throws {
        let (fixture, remote, operation) = try importing(["set/a.txt": "a", "set/sub/b.txt": "bb", "settled.txt": "not in the folder"])
        let result = try operation.importURL("mem://set", to: fixture.directory.appending("data"), force: false)
        #expect(result.path == "data")
        #expect(fixture.directory.bytes("data/a.txt") == Array("a".utf8))
        #expect(fixture.directory.bytes("data/sub/b.txt") == Array("bb".utf8))
        #expect(!fixture.directory.exists("data/settled.txt") && !fixture.directory.exists("data/tled.txt"))
        let pointer = try fixture.workspace.readPointer("data.mlx")
        guard case let .location(recorded) = pointer.importSource else {
            Issue.record("no location recorded")
            return
        }
        #expect(recorded.size == 3 && recorded.etag?.count == 64 && recorded.oid == nil)
        #expect(try operation.sourceChanged(recorded) == false)
        // Same size, other bytes: the memory remote lists no ETag, so only a size change shows;
        // a new object changes the listing.
        remote.store(Array("c".utf8), at: "set/c.txt")
        #expect(try operation.sourceChanged(recorded) == true)
        let updated = try operation.update("data.mlx")
        #expect(updated.changed)
        #expect(fixture.directory.bytes("data/c.txt") == Array("c".utf8))
    }

    @Test(arguments: ["set/../escape.txt", "set/sub/.git/config", "set/.MLX/cache", "set//double.txt", "set/./dot.txt"])
    func aKeyThatCannotBeAPathUnderTheDestinationIsRefused(hostile: String) throws {
        let (fixture, _, operation) = try importing(["set/ok.txt": "ok", hostile: "x"])
        #expect(throws: RegistryError.self) {
            try operation.importURL("mem://set", to: fixture.directory.appending("data"), force: false)
        }
        #expect(!fixture.directory.exists("data") && !fixture.directory.exists("data.mlx"))
    }

    @Test func aSourceThatIsNeitherAnObjectNorAPrefixDoesNotExist() throws {
        let (fixture, _, operation) = try importing(["other/a.txt": "a"])
        #expect(throws: RegistryError(source: "mem://set", message: "does not exist: no object has that key or prefix", hint: "check the URL")) {
            try operation.importURL("mem://set", to: fixture.directory.appending("data"), force: false)
        }
    }

    @Test func aDownloadThatFailsOnceIsRetriedAndOneThatKeepsFailingLeavesNothing() throws {
        let (fixture, remote, operation) = try importing(["set/a.txt": "a", "set/b.txt": "b"])
        remote.failCall(.download, number: 1)
        _ = try operation.importURL("mem://set", to: fixture.directory.appending("data"), force: false)
        #expect(fixture.directory.bytes("data/a.txt") == Array("a".utf8))

        let (second, failing, broken) = try importing(["set/a.txt": "a"])
        failing.failCall(.download, number: 1, with: .permanent)
        #expect(throws: RemoteError.self) {
            try broken.importURL("mem://set", to: second.directory.appending("data"), force: false)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: second.directory.path).filter { $0 != ".mlx" && $0 != ".git" }
        #expect(left.isEmpty, "\(left)")
    }
}
