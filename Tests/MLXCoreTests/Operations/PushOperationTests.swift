import Foundation
import MLXCore
import MLXTestSupport
import Testing

@Suite struct PushOperationTests {
    @Test func manifestGoesUpOnlyAfterAllItsFiles() throws {
        let fixture = try OperationFixture()
        let dir = try fixture.add("data/images", Dictionary(uniqueKeysWithValues: (0..<12).map { ("data/images/img\($0).bin", content(100 + $0 * 50, seed: $0)) }))
        try fixture.add("data/model.bin", ["data/model.bin": content(5000, seed: 99)])
        let remote = MemoryRemote()
        let report = try fixture.push(to: remote)
        #expect(report.errors.isEmpty)
        #expect(report.pushed == 14)
        let manifestKey = ObjectStore.key(for: ObjectID(dir.oid)!)
        #expect(remote.uploadOrder.last == manifestKey)
        #expect(Set(remote.keys) == Set(fixture.cachedObjects.map(ObjectStore.key(for:))))
    }

    @Test func aFailedFileKeepsItsDirectorysManifestOffTheRemote() throws {
        let fixture = try OperationFixture()
        let files = Dictionary(uniqueKeysWithValues: (0..<4).map { ("data/d/f\($0)", content(10 + $0, seed: $0)) })
        let dir = try fixture.add("data/d", files)
        let remote = MemoryRemote()
        let broken = ObjectID(fixture.workspace.store.hasher.hash(content(12, seed: 2)))
        remote.failKey(ObjectStore.key(for: broken), with: .permanent, on: [.upload])
        let report = try fixture.push(to: remote)
        #expect(report.failed == 2)
        #expect(remote.contents(of: ObjectStore.key(for: ObjectID(dir.oid)!)) == nil)
        #expect(report.errors.contains { "\($0)".contains("directory not pushed: 1 of its files is not on the remote") })
        #expect(remote.keys.count == 3)

        // Once the fault is gone, a second push completes the directory, manifest last.
        remote.failKey(ObjectStore.key(for: broken), times: 0)
        let again = try fixture.push(to: remote)
        #expect(again.errors.isEmpty)
        #expect(again.pushed == 2)
        #expect(remote.uploadOrder.suffix(2) == [ObjectStore.key(for: broken), ObjectStore.key(for: ObjectID(dir.oid)!)])
    }

    @Test func retryableFaultsStillPushEverything() throws {
        let fixture = try OperationFixture()
        try fixture.add("data/d", Dictionary(uniqueKeysWithValues: (0..<20).map { ("data/d/f\($0)", content(64, seed: $0)) }))
        let remote = MemoryRemote()
        for call in [1, 2, 3, 7, 11, 12] { remote.failCall(.upload, number: call) }
        remote.failCall(.size, number: 4)
        let report = try fixture.push(to: remote)
        #expect(report.errors.isEmpty)
        #expect(report.pushed == 21)
        #expect(report.retries >= 6)
    }

    @Test func existenceCheckAsksPerObjectForFewAndListsForMany() throws {
        let few = try OperationFixture()
        try few.add("data/d", Dictionary(uniqueKeysWithValues: (0..<10).map { ("data/d/f\($0)", content(8, seed: $0)) }))
        let small = MemoryRemote()
        _ = try few.push(to: small)
        #expect(small.callCount(.list) == 0)
        #expect(small.callCount(.size) == 11)

        let many = try OperationFixture()
        try many.add("data/d", Dictionary(uniqueKeysWithValues: (0..<100).map { ("data/d/f\($0)", content(8, seed: $0)) }))
        let large = MemoryRemote()
        _ = try many.push(to: large)
        #expect(large.callCount(.list) == 1)
        #expect(large.callCount(.size) == 0)
    }

    @Test func objectsMissingFromTheCacheAreNamed() throws {
        let fixture = try OperationFixture()
        let added = try fixture.add("data/a.bin", ["data/a.bin": content(10, seed: 1)])
        let oid = ObjectID(added.oid)!
        chmod(fixture.workspace.store.path(for: oid), 0o644)
        _ = try fixture.workspace.store.remove(oid)
        let report = try fixture.push(to: MemoryRemote())
        #expect(report.failed == 1)
        #expect(report.errors.map { "\($0)" } == ["data/a.bin: object \(oid.string) is not in the cache, so it cannot be pushed"])
    }
}
