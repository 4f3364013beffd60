import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// Push through a folder remote: its batches, its listing, and what it leaves on disk.
@Suite struct FolderPushTests {
    @Test func noChangePushOfTenThousandFilesIsQuickAndUploadsNothing() throws {
        let fixture = try OperationFixture()
        let count = 10_000
        _ = try fixture.addDirectoryDirectly("data/many", count: count)
        let remote = LocalRemote(root: fixture.directory.appending("remote"), name: "local")
        let first = try fixture.push(to: remote)
        #expect(first.pushed == count + 1)
        let started = ContinuousClock.now
        let second = try fixture.push(to: remote)
        let elapsed = ContinuousClock.now - started
        #expect(second.pushed == 0)
        #expect(second.alreadyOnRemote == count + 1)
        // The budget is 1 s for what users run (a release build: `mlx push` measured 0.2 s);
        // an unoptimised test build decodes the 10,000-entry manifest alone in about 0.6 s.
        #if DEBUG
        let budget = Duration.seconds(5)
        #else
        let budget = Duration.seconds(1)
        #endif
        #expect(elapsed < budget, "no-change push took \(elapsed)")
    }

    @Test func localRemoteGetsEveryObjectIntactThroughBatches() throws {
        let fixture = try OperationFixture()
        try fixture.add("data/d", Dictionary(uniqueKeysWithValues: (0..<30).map { ("data/d/f\($0)", content(1000 * $0, seed: $0)) }))
        let remote = LocalRemote(root: fixture.directory.appending("remote"), name: "local")
        let report = try fixture.push(to: remote)
        #expect(report.errors.isEmpty)
        for oid in fixture.cachedObjects {
            let stored = fixture.directory.appending("remote/" + ObjectStore.key(for: oid))
            #expect(try fixture.workspace.store.hasher.hash(fileAt: stored) == oid.digest)
        }
        #expect(try remote.list(prefix: "").count == fixture.cachedObjects.count)
    }

    @Test func corruptCacheObjectIsQuarantinedAndLeavesNoTemporaryOnTheRemote() throws {
        let fixture = try OperationFixture()
        try fixture.add("data/d", Dictionary(uniqueKeysWithValues: (0..<6).map { ("data/d/f\($0)", content(500 + $0, seed: $0)) }))
        let bad = ObjectID(fixture.workspace.store.hasher.hash(content(502, seed: 2)))
        let path = fixture.workspace.store.path(for: bad)
        chmod(path, 0o644)
        var bytes = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        bytes[100] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let remote = LocalRemote(root: fixture.directory.appending("remote"), name: "local")
        let report = try fixture.push(to: remote)
        #expect(report.errors.first.map { "\($0)" }?.hasPrefix("data/d/f2: object \(bad.string) in the cache is corrupt (") == true)
        #expect(report.pushed == 5)
        #expect(try remote.size(of: ObjectStore.key(for: bad)) == nil)
        #expect(FileManager.default.fileExists(atPath: fixture.workspace.store.quarantineRoot + "/" + bad.string))
        let all = FileManager.default.enumerator(atPath: fixture.directory.appending("remote"))?.allObjects as? [String] ?? []
        #expect(all.filter { $0.contains(".mlx-tmp-") }.isEmpty)
    }
}
