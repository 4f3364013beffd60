import Foundation
import MLXCore
import MLXTestSupport
import Testing

/// The run cache keeps the latest result for a key across machines: `push --run-cache` replaces
/// an older remote entry, `fetch --run-cache` a local one older than the remote's, and neither
/// replaces a newer entry with an older one.
@Suite struct RunCacheLatestTransferTests {
    /// Each run of the stage gives a different `out.txt` for the same inputs (the same key).
    static let pipeline = """
        stages:
          stamp:
            cmd: cat input.txt > out.txt && date +%s%N >> out.txt
            deps: [input.txt]
            outs: [out.txt]

        """

    static func project() throws -> OperationFixture {
        let fixture = try OperationFixture()
        try fixture.directory.write("mlx.yaml", pipeline)
        try fixture.directory.write("input.txt", "same input\n")
        return fixture
    }

    /// Runs the stage (again), so its run-cache entry records a later result.
    static func run(_ fixture: OperationFixture) throws {
        var options = ReproOptions()
        options.force = true
        _ = try ReproOperation(workspace: fixture.workspace).run(options) { _ in }
        // Entries record milliseconds: keep two runs' times apart.
        usleep(3000)
    }

    static func push(_ fixture: OperationFixture, to remote: any Remote) throws -> PushOperation.Report {
        try PushOperation(workspace: fixture.workspace, remote: remote, queue: fixture.queue, sourceControl: nil)
            .push(targets: [], scope: RevisionScope(workspace: true), runCache: true)
    }

    static func fetch(_ fixture: OperationFixture, from remote: any Remote) throws -> RemoteRunCache.Report {
        try RemoteRunCache(remote: remote, queue: fixture.queue)
            .fetchAll(into: runCache(fixture), store: fixture.workspace.store)
    }

    static func runCache(_ fixture: OperationFixture) -> RunCache {
        RunCache(cacheRoot: fixture.workspace.project.cacheDirectory)
    }

    /// The one entry of the project's run cache, and its bytes.
    static func entry(_ fixture: OperationFixture) throws -> (key: String, entry: LockedStage, bytes: [UInt8]) {
        let cache = runCache(fixture)
        let key = try #require(try cache.keys().first)
        let bytes = try #require(FileManager.default.contents(atPath: cache.path(for: key)))
        return (key, try #require(cache.entry(key)), Array(bytes))
    }

    @Test func pushReplacesAnOlderRemoteEntryAndANoChangePushDownloadsNothing() throws {
        let fixture = try Self.project()
        try Self.run(fixture)
        let remote = MemoryRemote()
        #expect(try Self.push(fixture, to: remote).runsPushed == 1)

        let downloads = remote.callCount(.download)
        let again = try Self.push(fixture, to: remote)
        #expect(again.runsPushed == 0 && again.runsOnRemote == 1, "\(again.errors)")
        #expect(remote.callCount(.download) == downloads)

        try Self.run(fixture)
        let latest = try Self.entry(fixture)
        let replaced = try Self.push(fixture, to: remote)
        #expect(replaced.errors.isEmpty, "\(replaced.errors)")
        #expect(replaced.runsPushed == 1)
        #expect(remote.contents(of: RunCache.relativeKey(for: latest.key)) == latest.bytes)
    }

    @Test func pushKeepsANewerRemoteEntryAndFetchBringsItIn() throws {
        let first = try Self.project()
        let second = try Self.project()
        try Self.run(first)
        try Self.run(second)
        try Self.run(first)
        let newest = try Self.entry(first)
        let older = try Self.entry(second)
        #expect(newest.key == older.key)
        #expect(RunCache.isNewer(newest.entry, than: older.entry))
        let remote = MemoryRemote()
        _ = try Self.push(first, to: remote)

        let kept = try Self.push(second, to: remote)
        #expect(kept.runsPushed == 0 && kept.runsOnRemote == 1, "\(kept.errors)")
        #expect(remote.contents(of: RunCache.relativeKey(for: newest.key)) == newest.bytes)

        let fetched = try Self.fetch(second, from: remote)
        #expect(fetched.errors.isEmpty, "\(fetched.errors)")
        #expect(fetched.entries == 1)
        #expect(try Self.entry(second).bytes == newest.bytes)
        // The output it names came with it.
        #expect(newest.entry.outs.allSatisfy(second.workspace.store.containsAllObjects))
    }

    @Test func fetchKeepsALocalEntryNewerThanTheRemoteOne() throws {
        let first = try Self.project()
        let second = try Self.project()
        try Self.run(first)
        let remote = MemoryRemote()
        _ = try Self.push(first, to: remote)
        try Self.run(second)
        let local = try Self.entry(second)

        let fetched = try Self.fetch(second, from: remote)
        #expect(fetched.entries == 0 && fetched.entriesPresent == 1, "\(fetched.errors)")
        #expect(try Self.entry(second).bytes == local.bytes)

        // And pushing it replaces the older remote copy.
        #expect(try Self.push(second, to: remote).runsPushed == 1)
        #expect(remote.contents(of: RunCache.relativeKey(for: local.key)) == local.bytes)
    }

    @Test func anEntryWithoutARecordedTimeStillReadsAndCountsAsOlder() throws {
        let key = String(repeating: "ab", count: 32)
        let oid = String(repeating: "cd", count: 32)
        let old = """
            schema: '1.0'
            stages:
              run:
                cmd:
                - make
                outs:
                - path: out.txt
                  hash: blake3
                  oid: \(oid)
                  size: 3

            """
        let decoded = try RunCache.decodeEntry(Array(old.utf8), key: key)
        #expect(decoded.recorded == nil)
        var recorded = decoded
        recorded.recorded = 1
        #expect(RunCache.isNewer(recorded, than: decoded))
        #expect(!RunCache.isNewer(decoded, than: recorded))
        #expect(!RunCache.isNewer(decoded, than: decoded))

        let cache = RunCache(cacheRoot: TemporaryDirectory("mlx-runs").path)
        try cache.record(key, commands: ["make"], outs: decoded.outs, at: 1_796_601_234_567)
        let bytes = try #require(FileManager.default.contents(atPath: cache.path(for: key)))
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("    recorded: 1796601234567\n"))
        #expect(cache.entry(key)?.recorded == 1_796_601_234_567)
    }
}
