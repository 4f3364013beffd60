import Foundation
import MLXCore
import MLXTestSupport
import Testing

/// `push --run-cache`, `fetch --run-cache` and `RemoteRunCache` as the source of `repro --pull`,
/// against a `MemoryRemote` that records upload order and can be damaged on purpose.
@Suite struct RunCacheTransferTests {
    static let pipeline = """
        stages:
          prepare:
            cmd: mkdir -p out && cp input.txt out/a.txt && printf b > out/b.txt
            deps: [input.txt]
            outs: [out]
          score:
            cmd: wc -c < out/a.txt > score.txt && printf done > note.txt
            deps: [out]
            outs: [note.txt]
            metrics:
              - score.txt:
                  cache: false

        """

    /// A project with the pipeline and its input; `run` reproduces it.
    static func project() throws -> OperationFixture {
        let fixture = try OperationFixture()
        try fixture.directory.write("mlx.yaml", pipeline)
        try fixture.directory.write("input.txt", "some input\n")
        return fixture
    }

    @discardableResult
    static func repro(_ fixture: OperationFixture, sources: [any RunCacheSource] = [])
        throws -> (outcomes: [StageOutcome], decisions: [(stage: String, decision: StageDecision)], warnings: [String]) {
        var options = ReproOptions()
        options.runCacheSources = sources
        var decisions: [(stage: String, decision: StageDecision)] = []
        var warnings: [String] = []
        let outcomes = try ReproOperation(workspace: fixture.workspace).run(options) { event in
            switch event {
            case let .decision(stage, decision): decisions.append((stage, decision))
            case let .warning(stage, error): warnings.append("\(stage): \(error)")
            case let .failure(error): warnings.append("failure: \(error)")
            case .running, .source, .pulled, .pullFailed: break
            }
        }
        return (outcomes, decisions, warnings)
    }

    static func pushRunCache(_ fixture: OperationFixture, to remote: any Remote) throws -> PushOperation.Report {
        try PushOperation(workspace: fixture.workspace, remote: remote, queue: fixture.queue, sourceControl: nil)
            .push(targets: [], scope: RevisionScope(workspace: true), runCache: true)
    }

    @Test func entriesGoUpAfterEveryObjectTheyNameCacheFalseOutputsIncluded() throws {
        let fixture = try RunCacheTransferTests.project()
        try RunCacheTransferTests.repro(fixture)
        let remote = MemoryRemote()
        let report = try RunCacheTransferTests.pushRunCache(fixture, to: remote)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.runsPushed == 2)

        let order = remote.uploadOrder
        let runs = order.filter { $0.hasPrefix("runs/") }
        #expect(runs.count == 2)
        let firstRun = order.firstIndex { $0.hasPrefix("runs/") }!
        #expect(order[..<firstRun].allSatisfy { $0.hasPrefix("files/") })
        #expect(order[firstRun...].allSatisfy { $0.hasPrefix("runs/") })
        // Every object an entry names is on the remote, score.txt (cache: false) too.
        let runCache = RunCache(cacheRoot: fixture.workspace.project.cacheDirectory)
        for key in runs {
            let entry = try #require(runCache.entry(RunCache.key(forRelativePath: key)!))
            for output in entry.outs { #expect(remote.contents(of: ObjectStore.key(for: output.oid)) != nil, "\(output.path)") }
        }
        let score = try fixture.workspace.store.hasher.hash(#require(fixture.directory.bytes("score.txt")))
        #expect(remote.contents(of: ObjectStore.key(for: ObjectID(score))) != nil)

        // A plain push leaves the cache: false output alone.
        let plain = MemoryRemote()
        _ = try PushOperation(workspace: fixture.workspace, remote: plain, queue: fixture.queue, sourceControl: nil)
            .push(targets: [], scope: RevisionScope(workspace: true))
        #expect(plain.contents(of: ObjectStore.key(for: ObjectID(score))) == nil)
        #expect(!plain.keys.contains { $0.hasPrefix("runs/") })
        #expect(plain.keys.count == 4) // out/a.txt, out/b.txt, the manifest, note.txt: no score.txt
    }

    @Test func aFailedObjectKeepsItsEntryOffTheRemote() throws {
        let fixture = try RunCacheTransferTests.project()
        try RunCacheTransferTests.repro(fixture)
        let remote = MemoryRemote()
        let note = try fixture.workspace.store.hasher.hash(#require(fixture.directory.bytes("note.txt")))
        remote.failKey(ObjectStore.key(for: ObjectID(note)), with: .permanent, on: [.upload])
        let report = try RunCacheTransferTests.pushRunCache(fixture, to: remote)
        #expect(report.runsPushed == 1)
        #expect(report.errors.contains { "\($0)".contains("not pushed: its outputs are not all on the remote") })
        #expect(remote.keys.filter { $0.hasPrefix("runs/") }.count == 1)
    }

    @Test func reproFromAnotherProjectRestoresThroughTheRemoteWithoutRunning() throws {
        let origin = try RunCacheTransferTests.project()
        try RunCacheTransferTests.repro(origin)
        let remote = MemoryRemote(name: "shared")
        _ = try RunCacheTransferTests.pushRunCache(origin, to: remote)

        let other = try RunCacheTransferTests.project()
        let source = RemoteRunCache(remote: remote, queue: other.queue, name: "shared")
        let before = (size: remote.callCount(.size), list: remote.callCount(.list), download: remote.callCount(.download))
        let result = try RunCacheTransferTests.repro(other, sources: [source])
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.outcomes.map(\.action) == [.runCache, .runCache])
        for stage in ["prepare", "score"] {
            #expect(result.decisions.contains { $0.stage == stage && $0.decision == .restoredFromRunCache(origin: "remote 'shared'") })
        }
        // One existence check per stage; entry plus objects downloaded.
        #expect(remote.callCount(.size) - before.size == 2)
        #expect(remote.callCount(.list) == before.list)
        // Two entries, then the manifest, out/a.txt, out/b.txt, note.txt and score.txt.
        #expect(remote.callCount(.download) - before.download == 2 + 5)
        for file in ["out/a.txt", "out/b.txt", "note.txt", "score.txt", "mlx.lock"] {
            #expect(other.directory.bytes(file) == origin.directory.bytes(file), "\(file)")
        }
    }

    @Test func aCorruptEntryIsRefusedNamedAndTheStageRuns() throws {
        let origin = try RunCacheTransferTests.project()
        try RunCacheTransferTests.repro(origin)
        let remote = MemoryRemote(name: "shared")
        _ = try RunCacheTransferTests.pushRunCache(origin, to: remote)
        for key in remote.keys where key.hasPrefix("runs/") { remote.corrupt(key) }

        let other = try RunCacheTransferTests.project()
        let result = try RunCacheTransferTests.repro(other, sources: [RemoteRunCache(remote: remote, queue: other.queue, name: "shared")])
        #expect(result.outcomes.map(\.action) == [.ran, .ran])
        #expect(result.warnings.count == 2)
        #expect(result.warnings.allSatisfy { $0.contains("on remote 'shared'") && $0.contains("run-cache entry runs/") })
        #expect(other.directory.bytes("note.txt") == origin.directory.bytes("note.txt"))

        // fetch --run-cache names each bad entry and writes none of them.
        let third = try RunCacheTransferTests.project()
        let fetch = try FetchOperation(workspace: third.workspace, remote: remote, queue: third.queue, sourceControl: nil)
            .fetch(targets: [], scope: RevisionScope(workspace: true), runCache: true)
        #expect(fetch.runsFetched == 0)
        #expect(fetch.errors.count == 2)
        #expect(try RunCache(cacheRoot: third.workspace.project.cacheDirectory).keys().isEmpty)
    }

    @Test func fetchRunCacheWritesEntriesOnlyWithTheirObjects() throws {
        let origin = try RunCacheTransferTests.project()
        try RunCacheTransferTests.repro(origin)
        let remote = MemoryRemote()
        _ = try RunCacheTransferTests.pushRunCache(origin, to: remote)
        let note = try origin.workspace.store.hasher.hash(#require(origin.directory.bytes("note.txt")))
        remote.failKey(ObjectStore.key(for: ObjectID(note)), with: .permanent, on: [.download])

        let other = try RunCacheTransferTests.project()
        let fetch = try FetchOperation(workspace: other.workspace, remote: remote, queue: other.queue, sourceControl: nil)
            .fetch(targets: [], scope: RevisionScope(workspace: true), runCache: true)
        #expect(fetch.runsFetched == 1)
        #expect(fetch.errors.contains { "\($0)".contains("not fetched: its outputs are not all available") })
        let runCache = RunCache(cacheRoot: other.workspace.project.cacheDirectory)
        #expect(try runCache.keys().count == 1)
        #expect(other.strayCacheFiles.isEmpty)

        remote.failKey(ObjectStore.key(for: ObjectID(note)), times: 0)
        let again = try FetchOperation(workspace: other.workspace, remote: remote, queue: other.queue, sourceControl: nil)
            .fetch(targets: [], scope: RevisionScope(workspace: true), runCache: true)
        #expect(again.errors.isEmpty, "\(again.errors)")
        #expect(again.runsFetched == 1 && again.runsPresent == 1)
        let result = try RunCacheTransferTests.repro(other)
        #expect(result.outcomes.map(\.action) == [.runCache, .runCache])
    }

    /// Entries go through the transfer queue like objects: as wide as `-j` (3 here, not a fixed
    /// 8 and not the number of cores) and retried by its policy, both ways.
    @Test func entriesTravelAsWideAsTheQueueAndAreRetriedByIt() throws {
        let origin = try RunCacheTransferTests.project()
        try RunCacheTransferTests.repro(origin)
        let runCache = RunCache(cacheRoot: origin.workspace.project.cacheDirectory)
        let recorded = try #require(runCache.keys().first.flatMap(runCache.entry))
        for number in 1...10 { try runCache.install(String(format: "%064x", number), recorded) }
        let keys = try runCache.keys()
        #expect(keys.count == 12)
        let queue = TransferQueue(jobs: 3, retry: RetryPolicy(attempts: 2, base: 0, cap: 0))

        let remote = MemoryRemote()
        remote.slowDown(to: 0.02)
        for key in keys { remote.failKey(RunCache.relativeKey(for: key), times: 1, on: [.upload]) }
        let pushed = try PushOperation(workspace: origin.workspace, remote: remote, queue: queue, sourceControl: nil)
            .push(targets: [], scope: RevisionScope(workspace: true), runCache: true)
        #expect(pushed.errors.isEmpty, "\(pushed.errors)")
        #expect(pushed.runsPushed == 12)
        #expect(pushed.retries == 12)
        #expect(remote.peakCallsInProgress == 3)

        let copy = MemoryRemote()
        for key in remote.keys { copy.store(remote.contents(of: key) ?? [], at: key) }
        copy.slowDown(to: 0.02)
        for key in keys { copy.failKey(RunCache.relativeKey(for: key), times: 1, on: [.download]) }
        let other = try RunCacheTransferTests.project()
        let fetched = try FetchOperation(workspace: other.workspace, remote: copy, queue: queue, sourceControl: nil)
            .fetch(targets: [], scope: RevisionScope(workspace: true), runCache: true)
        #expect(fetched.errors.isEmpty, "\(fetched.errors)")
        #expect(fetched.runsFetched == 12)
        #expect(fetched.retries == 12)
        #expect(copy.peakCallsInProgress == 3)
        #expect(try RunCache(cacheRoot: other.workspace.project.cacheDirectory).keys() == keys)
    }
}
