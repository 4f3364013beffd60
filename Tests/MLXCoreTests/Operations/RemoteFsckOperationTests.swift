import Foundation
import MLXCore
import MLXTestSupport
import Testing

@Suite struct RemoteFsckOperationTests {
    @Test func findsDamagedObjectsAndIncompleteDirectoriesAndChangesNothing() throws {
        let fixture = try OperationFixture()
        let dir = try fixture.add("data/d", Dictionary(uniqueKeysWithValues: (0..<5).map { ("data/d/f\($0)", content(300 + $0, seed: $0)) }))
        try fixture.add("data/one.bin", ["data/one.bin": content(4096, seed: 42)])
        let remote = MemoryRemote()
        #expect(try fixture.push(to: remote).errors.isEmpty)
        let damaged = ObjectID(fixture.workspace.store.hasher.hash(content(4096, seed: 42)))
        let lost = ObjectID(fixture.workspace.store.hasher.hash(content(301, seed: 1)))
        remote.corrupt(ObjectStore.key(for: damaged))
        try remote.delete(ObjectStore.key(for: lost))
        let keysBefore = remote.keys

        let report = try RemoteFsckOperation(store: fixture.workspace.store, remote: remote, queue: fixture.queue).run()
        #expect(report.checkedObjects == 6)
        #expect(report.corrupt.map(\.oid) == [damaged.string])
        #expect(report.incompleteDirectories.map(\.oid) == [dir.oid])
        #expect(report.incompleteDirectories.first?.message.hasPrefix("1 of its 5 files is missing on the remote (first: \(lost.string))") == true)
        #expect(report.unreadable.isEmpty)
        let failure = try #require(report.failure(remoteName: "storage"))
        #expect(failure.message == "remote 'memory' (memory) has problems: 1 corrupt object, 1 directory missing files; nothing on the remote was changed")
        #expect(failure.hint?.contains("mlx push -r storage --verify") == true)
        // Nothing changed on the remote, and nothing entered the cache or stayed in staging.
        #expect(remote.keys == keysBefore)
        #expect(remote.callCount(.delete) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.workspace.store.stagingRoot).isEmpty)
    }

    @Test func cleanRemoteIsClean() throws {
        let fixture = try OperationFixture()
        try fixture.add("data/one.bin", ["data/one.bin": content(4096, seed: 42)])
        let remote = MemoryRemote()
        _ = try fixture.push(to: remote)
        let report = try RemoteFsckOperation(store: fixture.workspace.store, remote: remote, queue: fixture.queue).run()
        #expect(report.isClean)
        #expect(report.checkedObjects == 1)
        #expect(report.checkedBytes == 4096)
    }
}
