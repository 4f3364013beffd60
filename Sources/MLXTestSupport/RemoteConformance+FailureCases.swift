import Dispatch
import Foundation
import MLXCore
import MLXHash
import Synchronization

/// The cases about failures: interrupted and concurrent uploads, damaged objects, retries.
extension ConformanceContext {
    func interruptedUploadLeavesNothing() throws {
        let key = prefix + "files/blake3/78/interrupted"
        let content = bytes(300 * 1024, seed: 11)
        let source = try scratch.write("interrupted", content)
        do {
            try faults.interruptUpload(remote, source, Int64(content.count), key)
        } catch let error as RemoteError {
            try require(error.kind != .notFound && error.kind != .corruptSource,
                        "an interrupted upload must fail as retryable or permanent, not \(error.kind)")
        }
        try require(try remote.size(of: key) == nil, "an interrupted upload left an object at \(key)")
        try require(try remote.list(prefix: prefix).isEmpty, "an interrupted upload left a listed key")
        try expectNotFound(key)
        try remote.upload(source, size: Int64(content.count), to: key, verifying: Blake3.hash(content))
        try expectRoundTrip(key, content)
    }

    func corruptedObjectIsDetected() throws {
        let content = bytes(70_000, seed: 12)
        let oid = ObjectID(Blake3.hash(content))
        let key = prefix + ObjectStore.key(for: oid)
        let original = try scratch.write("original", content)
        try remote.upload(original, size: Int64(content.count), to: key, verifying: oid.digest)
        try faults.corrupt(remote, key)
        try require(try remote.size(of: key) == Int64(content.count), "corrupting \(key) changed its size; the case needs the same size")
        guard let listed = try remote.list(prefix: key).first else { throw fail("list lost \(key) after it was altered") }
        try require(remote.holdsSameBytes(listed, as: original) != true, "holdsSameBytes calls an altered object the same as the original")

        let store = try ObjectStore(root: scratch.appending("cache"), hasher: .blake3())
        let temporary = store.stagingPath()
        try remote.download(key, to: temporary)
        do {
            try store.verifyDownload(temporary, oid: oid, size: Int64(content.count), displayPath: "data")
            throw fail("verifying the download of an altered object succeeded")
        } catch is CacheError {}
        try require(!store.contains(oid), "an altered object entered the cache")
        try require(!FileManager.default.fileExists(atPath: temporary), "a refused download was left in staging")
    }

    func concurrentWritersOfOneKey() throws {
        let writers = 8
        let key = prefix + "files/blake3/9a/contended"
        let same = prefix + "files/blake3/9a/identical"
        let contents = (0..<writers).map { bytes(64 * 1024 + 1, seed: 200 + $0) }
        let sources = try contents.indices.map { try scratch.write("writer\($0)", contents[$0]) }
        let failures = Mutex<[String]>([])
        // A server may answer a clash with a retryable error (moto answers 500 now and then):
        // the transfer queue retries it as it would in a push; anything else is a failure.
        let queue = TransferQueue(jobs: 1, retry: RetryPolicy(attempts: 6, base: 0.01, cap: 0.1))
        DispatchQueue.concurrentPerform(iterations: writers * 2) { index in
            let writer = index < writers ? index : 0
            do {
                try queue.retrying {
                    try remote.upload(sources[writer], size: Int64(contents[writer].count), to: index < writers ? key : same,
                                      verifying: Blake3.hash(contents[writer]))
                }
            } catch {
                failures.withLock { $0.append("writer \(index): \(error)") }
            }
        }
        let failed = failures.withLock { $0 }
        try require(failed.isEmpty, "concurrent writers of one key failed: \(failed)")
        let stored = try download(key)
        try require(contents.contains(stored), "after concurrent writers \(key) holds bytes none of them wrote (\(stored.count) bytes)")
        try expectRoundTrip(same, contents[0])
        try require(try remote.list(prefix: prefix).count == 2, "concurrent writers left more than their two keys")
    }

    func transientFailuresAreRetried() throws {
        let flaky = try faults.flaky(remote)
        let queue = TransferQueue(jobs: 2, retry: RetryPolicy(attempts: 6, base: 0.01, cap: 0.05))
        let items = (0..<3).map { KeyedTransfer(key: prefix + "files/blake3/bc/retried\($0)", content: bytes(2048 + $0, seed: 300 + $0)) }
        let sources = try items.map { try scratch.write($0.key.replacingOccurrences(of: "/", with: "_"), $0.content) }
        let uploads = queue.run(items, progress: nil) { item in
            let index = items.firstIndex { $0.key == item.key }!
            try flaky.upload(sources[index], size: item.size, to: item.key, verifying: Blake3.hash(item.content))
        }
        try require(uploads.failures.isEmpty && uploads.stopped == nil,
                    "uploads through transient failures failed: \(uploads.failures.map { "\($0.error)" }) \(String(describing: uploads.stopped))")
        try require(uploads.retries > 0, "no upload needed a retry: the remote's faults did not reach it")
        let listed = try queue.retrying { try flaky.list(prefix: prefix) }
        try require(Set(listed.map(\.key)) == Set(items.map(\.key)), "listing through transient failures gave \(listed.map(\.key).sorted())")
        let destinations = items.map { _ in scratch.appending("retried-down-\(UInt64.random(in: 0...UInt64.max))") }
        let downloads = queue.run(items, progress: nil) { item in
            let index = items.firstIndex { $0.key == item.key }!
            try? FileManager.default.removeItem(atPath: destinations[index])
            try flaky.download(item.key, to: destinations[index])
        }
        try require(downloads.failures.isEmpty && downloads.stopped == nil,
                    "downloads through transient failures failed: \(downloads.failures.map { "\($0.error)" })")
        for (index, item) in items.enumerated() {
            try require(FileManager.default.contents(atPath: destinations[index]).map(Array.init) == item.content,
                        "a download retried after a transient failure differs from \(item.key)")
        }
    }
}

/// An upload or download of one key with known content, for the transfer queue.
struct KeyedTransfer: TransferQueueItem {
    let key: String
    let content: [UInt8]
    var size: Int64 { Int64(content.count) }
}
