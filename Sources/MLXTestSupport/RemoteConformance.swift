import Dispatch
import Foundation
import MLXCore
import MLXHash
import Synchronization

/// The cases every `Remote` must pass, whatever stores its bytes (restic's backend test idea):
/// run them against `MemoryRemote`, `LocalRemote` and `S3Remote` so the three behave alike.
///
/// Each case works under its own random key prefix and deletes what it wrote, so the cases can
/// share one bucket or folder and run in parallel. A case throws `RemoteConformanceFailure`
/// (or the remote's own error) when the remote misbehaves; the test reports it.
///
/// ```swift
/// @Test(arguments: RemoteConformance.Case.allCases)
/// func conformance(_ check: RemoteConformance.Case) throws {
///     try RemoteConformance.run(check, on: MyRemote(...))
/// }
/// ```
public enum RemoteConformance {
    public enum Case: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Upload, `size(of:)` and download give back exactly the bytes, for 0, 1 and 300 KiB.
        case uploadSizeDownload
        /// `list(prefix:)` returns exactly the keys under a prefix, with sizes; also a prefix
        /// that ends inside a name, and one that matches nothing.
        case listWithPrefix
        /// A deleted key is gone from size, download and list; deleting it again is fine.
        case delete
        /// `size(of:)` of a missing key is nil; downloading it throws `.notFound`.
        case notFound
        /// Uploading the same content to an existing key succeeds and leaves it intact.
        case overwriteSameContent
        /// Keys with spaces and non-ASCII UTF-8 round-trip through every call.
        case unusualKeys
        /// An upload whose source is shorter than the stated size fails and leaves no object.
        case shortSourceLeavesNothing
        /// Many uploads of different keys at once all arrive whole.
        case concurrentUploads
        /// An upload verified against a digest its bytes do not have fails with
        /// `.corruptSource` and leaves no object; with the right digest it goes through.
        case mismatchedDigestLeavesNothing
        /// `holdsSameBytes` never says the same for different bytes of the same size, nor
        /// different for the very bytes that were uploaded.
        case comparesListedBytes
        /// An upload cut mid-body (`Faults.interruptUpload`) leaves no object under its key and
        /// nothing listed; the same upload tried again succeeds.
        case interruptedUploadLeavesNothing
        /// A stored object whose bytes were altered (`Faults.corrupt`) is caught when the
        /// download is verified (`ObjectStore.verifyDownload`) and never enters the cache;
        /// `holdsSameBytes` does not call it the same as the original.
        case corruptedObjectIsDetected
        /// Many writers uploading to one key at once all succeed, and the key then holds one
        /// writer's bytes whole, never a mix; the same for identical content (two projects
        /// pushing the same object).
        case concurrentWritersOfOneKey
        /// Transient failures (`Faults.flaky`) are reported as retryable, so the transfer
        /// queue's retries carry uploads, downloads and listings through.
        case transientFailuresAreRetried

        public var description: String { rawValue }
    }

    /// Runs one case against `remote`, using a fresh scratch folder for local files; `faults`
    /// says how to break this remote for the cases that need it (see `Faults` for defaults).
    public static func run(_ check: Case, on remote: any Remote, faults: Faults = Faults()) throws {
        let scratch = TemporaryDirectory("mlx-conformance")
        let prefix = "conformance-\(UInt64.random(in: 0...UInt64.max))/"
        let context = ConformanceContext(remote: remote, scratch: scratch, prefix: prefix, faults: faults)
        defer { context.cleanUp() }
        switch check {
        case .uploadSizeDownload: try context.uploadSizeDownload()
        case .listWithPrefix: try context.listWithPrefix()
        case .delete: try context.delete()
        case .notFound: try context.notFound()
        case .overwriteSameContent: try context.overwriteSameContent()
        case .unusualKeys: try context.unusualKeys()
        case .shortSourceLeavesNothing: try context.shortSourceLeavesNothing()
        case .concurrentUploads: try context.concurrentUploads()
        case .mismatchedDigestLeavesNothing: try context.mismatchedDigestLeavesNothing()
        case .comparesListedBytes: try context.comparesListedBytes()
        case .interruptedUploadLeavesNothing: try context.interruptedUploadLeavesNothing()
        case .corruptedObjectIsDetected: try context.corruptedObjectIsDetected()
        case .concurrentWritersOfOneKey: try context.concurrentWritersOfOneKey()
        case .transientFailuresAreRetried: try context.transientFailuresAreRetried()
        }
    }
}

/// A remote that broke one of the rules of `Remote`.
public struct RemoteConformanceFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

struct ConformanceContext {
    let remote: any Remote
    let scratch: TemporaryDirectory
    let prefix: String
    let faults: RemoteConformance.Faults

    func fail(_ message: String) -> RemoteConformanceFailure {
        RemoteConformanceFailure(message: "\(remote.displayName): \(message)")
    }

    func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw fail(message()) }
    }

    /// Deterministic bytes that differ per seed, so a mixed-up key is caught.
    func bytes(_ count: Int, seed: Int) -> [UInt8] {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    func upload(_ content: [UInt8], to key: String) throws {
        let source = try scratch.write("up-\(UInt64.random(in: 0...UInt64.max))", content)
        try remote.upload(source, size: Int64(content.count), to: key)
    }

    func download(_ key: String) throws -> [UInt8] {
        let destination = scratch.appending("down-\(UInt64.random(in: 0...UInt64.max))")
        try remote.download(key, to: destination)
        guard let content = FileManager.default.contents(atPath: destination) else {
            throw fail("download of \(key) succeeded but wrote no file")
        }
        return Array(content)
    }

    func expectRoundTrip(_ key: String, _ content: [UInt8]) throws {
        try require(try remote.size(of: key) == Int64(content.count),
                    "size(of: \(key)) is \(String(describing: try? remote.size(of: key))), expected \(content.count)")
        try require(try download(key) == content, "download of \(key) differs from what was uploaded")
    }

    func expectNotFound(_ key: String) throws {
        do {
            _ = try download(key)
            throw fail("download of missing \(key) succeeded")
        } catch let error as RemoteError {
            try require(error.kind == .notFound, "download of missing \(key) threw \(error.kind), expected notFound")
        }
    }

    func cleanUp() {
        for object in (try? remote.list(prefix: prefix)) ?? [] {
            try? remote.delete(object.key)
        }
    }

    func uploadSizeDownload() throws {
        for (index, count) in [0, 1, 300 * 1024 + 7].enumerated() {
            let key = prefix + "files/blake3/ab/object\(index)"
            let content = bytes(count, seed: index)
            try upload(content, to: key)
            try expectRoundTrip(key, content)
        }
        // The destination is new: a download must not need (or silently reuse) an existing file.
        let key = prefix + "files/blake3/ab/object1"
        try require(try download(key) == bytes(1, seed: 1), "second download of \(key) differs")
    }

    func comparesListedBytes() throws {
        let key = prefix + "runs/ab/entry"
        let content = bytes(300, seed: 7)
        try upload(content, to: key)
        guard let listed = try remote.list(prefix: key).first else { throw fail("list did not return \(key)") }
        let same = try scratch.write("same", content)
        let other = try scratch.write("other", bytes(300, seed: 8))
        let shorter = try scratch.write("shorter", bytes(299, seed: 7))
        try require(remote.holdsSameBytes(listed, as: same) != false, "holdsSameBytes says the uploaded bytes differ")
        try require(remote.holdsSameBytes(listed, as: other) != true, "holdsSameBytes says other bytes of the same size are the same")
        try require(remote.holdsSameBytes(listed, as: shorter) == false, "holdsSameBytes misses a difference in size")
    }

    func listWithPrefix() throws {
        let wanted = [
            prefix + "files/blake3/aa/one": bytes(10, seed: 1),
            prefix + "files/blake3/ab/two": bytes(20, seed: 2),
            prefix + "files/blake3/ab/three.dir": bytes(30, seed: 3),
        ]
        for (key, content) in wanted { try upload(content, to: key) }
        try upload(bytes(5, seed: 4), to: prefix + "runs/other")

        let listed = try remote.list(prefix: prefix + "files/")
        let expected = Dictionary(uniqueKeysWithValues: wanted.map { ($0.key, Int64($0.value.count)) })
        try require(Dictionary(listed.map { ($0.key, $0.size) }, uniquingKeysWith: { first, _ in first }) == expected && listed.count == expected.count,
                    "list(prefix: files/) gave \(listed.map(\.key).sorted()), expected \(expected.map(\.key).sorted())")

        let partial = try remote.list(prefix: prefix + "files/blake3/a")
        try require(Set(partial.map(\.key)) == Set(wanted.keys), "a prefix ending inside a name must match like S3 does")
        let narrow = try remote.list(prefix: prefix + "files/blake3/ab/t")
        try require(Set(narrow.map(\.key)) == [prefix + "files/blake3/ab/two", prefix + "files/blake3/ab/three.dir"],
                    "list(prefix: files/blake3/ab/t) gave \(narrow.map(\.key).sorted())")
        let none = try remote.list(prefix: prefix + "nothing-here/")
        try require(none.isEmpty, "list of an unused prefix must be empty, got \(none.map(\.key))")
        let all = try remote.list(prefix: prefix)
        try require(all.count == 4, "list(prefix:) of the case's root gave \(all.count) keys, expected 4")
    }

    func delete() throws {
        let key = prefix + "files/blake3/cd/gone"
        try upload(bytes(100, seed: 5), to: key)
        try remote.delete(key)
        try require(try remote.size(of: key) == nil, "size(of:) of a deleted key is not nil")
        try expectNotFound(key)
        try require(try remote.list(prefix: prefix).isEmpty, "a deleted key is still listed")
        try remote.delete(key)
        try remote.delete(prefix + "never/was/here")
    }

    func notFound() throws {
        let key = prefix + "files/blake3/ef/missing"
        try require(try remote.size(of: key) == nil, "size(of:) of a missing key is not nil")
        try expectNotFound(key)
        try expectNotFound(prefix + "no-folder/at/all")
    }

    func overwriteSameContent() throws {
        let key = prefix + "files/blake3/12/same"
        let content = bytes(4096, seed: 6)
        try upload(content, to: key)
        try upload(content, to: key)
        try expectRoundTrip(key, content)
        try require(try remote.list(prefix: prefix).count == 1, "an overwrite left more than one key")
    }

    func unusualKeys() throws {
        let keys = [prefix + "with space/a file.bin", prefix + "utf8/naïve 文件 ✓.bin", prefix + "plus+and=signs/x~y"]
        for (index, key) in keys.enumerated() {
            let content = bytes(64 + index, seed: 10 + index)
            try upload(content, to: key)
            try expectRoundTrip(key, content)
        }
        let listed = Set(try remote.list(prefix: prefix).map(\.key))
        try require(listed == Set(keys), "list gave \(listed.sorted()), expected \(keys.sorted())")
        for key in keys { try remote.delete(key) }
        try require(try remote.list(prefix: prefix).isEmpty, "unusual keys were not deleted")
    }

    func shortSourceLeavesNothing() throws {
        let key = prefix + "files/blake3/34/short"
        let source = try scratch.write("short", bytes(1000, seed: 7))
        do {
            try remote.upload(source, size: 2000, to: key)
            throw fail("an upload of 1000 bytes claiming 2000 succeeded")
        } catch let error as RemoteError {
            try require(error.kind != .notFound, "a short upload must not report notFound")
        }
        try require(try remote.size(of: key) == nil, "a failed upload left an object at \(key)")
        try require(try remote.list(prefix: prefix).isEmpty, "a failed upload left a listed key")
    }

    func mismatchedDigestLeavesNothing() throws {
        let key = prefix + "files/blake3/56/mismatch"
        let content = bytes(200_000, seed: 9)
        var damaged = content
        damaged[150_000] ^= 0x10
        let source = try scratch.write("damaged", damaged)
        // Retryable answers (a loaded server's 500) are retried, as the transfer queue does.
        let queue = TransferQueue(jobs: 1, retry: RetryPolicy(attempts: 4, base: 0.05, cap: 0.2))
        do {
            try queue.retrying { try remote.upload(source, size: Int64(damaged.count), to: key, verifying: Blake3.hash(content)) }
            throw fail("an upload whose bytes do not match its digest succeeded")
        } catch let error as RemoteError {
            try require(error.kind == .corruptSource, "a mismatched upload must fail with corruptSource, not \(error.kind)")
        }
        try require(try queue.retrying { try remote.size(of: key) } == nil, "a mismatched upload left an object at \(key)")
        try require(try queue.retrying { try remote.list(prefix: prefix) }.isEmpty, "a mismatched upload left a listed key")
        let right = try scratch.write("right", content)
        try queue.retrying { try remote.upload(right, size: Int64(content.count), to: key, verifying: Blake3.hash(content)) }
        try expectRoundTrip(key, content)
    }

    func concurrentUploads() throws {
        let count = 32
        let keys = (0..<count).map { prefix + "files/blake3/\(String(format: "%02x", $0 % 4))/parallel\($0)" }
        let sources = try (0..<count).map { try scratch.write("parallel\($0)", bytes(8192 + $0, seed: 100 + $0)) }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                try remote.upload(sources[index], size: Int64(8192 + index), to: keys[index])
            } catch {
                failures.withLock { $0.append("\(keys[index]): \(error)") }
            }
        }
        let failed = failures.withLock { $0 }
        try require(failed.isEmpty, "concurrent uploads failed: \(failed)")
        for index in 0..<count { try expectRoundTrip(keys[index], bytes(8192 + index, seed: 100 + index)) }
        try require(try remote.list(prefix: prefix).count == count, "concurrent uploads did not all get listed")
    }
}
