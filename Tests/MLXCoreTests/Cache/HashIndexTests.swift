import Foundation
import MLXTestSupport
import Testing
import MLXHash
@testable import MLXCore

private let oidA = Digest(hex: String(repeating: "a", count: 64))!
private let oidB = Digest(hex: String(repeating: "b", count: 64))!
private let hour: Int64 = 3_600_000_000_000

/// A stat from an hour ago: old enough not to be racy.
private func oldStat(size: Int64 = 10, inode: UInt64 = 42) -> FileStat {
    let then = Syscall.nowNanoseconds() - hour
    return FileStat(size: size, mtimeNs: then, ctimeNs: then + 5, inode: inode)
}

@Suite struct HashIndexTests {
    @Test func hitsOnlyWhenEveryStatFieldMatches() {
        var index = HashIndex()
        let stat = oldStat()
        index.record("data/a.csv", stat, oid: oidA)
        #expect(index.lookup("data/a.csv", stat) == oidA)
        #expect(index.lookup("data/b.csv", stat) == nil)
        var changed = stat
        changed.size += 1
        #expect(index.lookup("data/a.csv", changed) == nil)
        changed = stat
        changed.mtimeNs += 1
        #expect(index.lookup("data/a.csv", changed) == nil)
        changed = stat
        changed.ctimeNs += 1
        #expect(index.lookup("data/a.csv", changed) == nil)
        changed = stat
        changed.inode += 1
        #expect(index.lookup("data/a.csv", changed) == nil)
        changed = stat
        changed.mode = 0o100755
        #expect(index.lookup("data/a.csv", changed) == oidA)
    }

    @Test func persistsAcrossSaveAndLoad() throws {
        let directory = TemporaryDirectory()
        let path = directory.file(HashIndex.relativePath)
        var index = HashIndex()
        let first = oldStat(inode: 1)
        let second = oldStat(size: 0, inode: 2)
        index.record("a", first, oid: oidA)
        index.record("dir/日本語 b", second, oid: oidB)
        try index.save(to: path)
        let loaded = HashIndex(contentsOf: path)
        #expect(loaded.loadProblem == nil)
        #expect(loaded.entries == index.entries)
        #expect(loaded.lookup("dir/日本語 b", second) == oidB)
        #expect(try directory.names(in: ".mlx/tmp") == ["hashindex"])
    }

    @Test func missingFileIsAnEmptyIndexWithoutComplaint() {
        let directory = TemporaryDirectory()
        let index = HashIndex(contentsOf: directory.file("nope"))
        #expect(index.count == 0)
        #expect(index.loadProblem == nil)
    }

    @Test func damagedFilesAreNeverTrusted() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("hashindex")
        var index = HashIndex()
        for number in 0..<20 { index.record("file\(number)", oldStat(inode: UInt64(number)), oid: oidA) }
        try index.save(to: path)
        let good = try Syscall.readFile(path)

        var flipped = good
        flipped[good.count / 2] ^= 0x01
        var wrongVersion = good
        wrongVersion[8] = 9
        let cases: [([UInt8], String)] = [
            (flipped, "hash index checksum mismatch"),
            (Array(good.dropLast(5)), "hash index checksum mismatch"),
            (Array(good.prefix(10)), "not a hash index"),
            (Array("hello world, not an index at all....................".utf8), "not a hash index"),
            (wrongVersion, "unknown hash index version 9"),
        ]
        for (bytes, reason) in cases {
            try AtomicFile.write(bytes, to: path)
            let loaded = HashIndex(contentsOf: path)
            #expect(loaded.count == 0)
            #expect(loaded.loadProblem == "\(path): \(reason); the index is rebuilt")
        }
    }

    @Test func racyEntriesAreNotTrusted() throws {
        let directory = TemporaryDirectory()
        // A file just written: its mtime is not older than the moment it is recorded.
        let file = try directory.write("fresh.csv", "x")
        let fresh = try FileStat(path: file)
        var index = HashIndex()
        index.record("fresh.csv", fresh, oid: oidA)
        #expect(index.lookup("fresh.csv", fresh) == nil)

        // Recorded as if long ago, but saved now: its mtime is not older than the index write time.
        let future = Syscall.nowNanoseconds() + hour
        let skewed = FileStat(size: 1, mtimeNs: future, ctimeNs: future, inode: 7)
        index.record("skewed.csv", skewed, oid: oidB, now: future + 2 * hour)
        index.record("old.csv", oldStat(), oid: oidA)
        #expect(index.lookup("skewed.csv", skewed) == oidB)
        try index.save(to: directory.file("hashindex"))
        let loaded = HashIndex(contentsOf: directory.file("hashindex"))
        #expect(loaded.lookup("skewed.csv", skewed) == nil)
        #expect(loaded.entries.keys.sorted() == ["old.csv"])
    }

    @Test func realFileStatRoundTrip() throws {
        let directory = TemporaryDirectory()
        let file = try directory.write("data.bin", "payload")
        try Shell.check("touch -d '2020-01-02 03:04:05.123456789' '\(file)'")
        let stat = try FileStat(path: file)
        #expect(stat.isRegular && !stat.isDirectory && !stat.isSymlink)
        #expect(stat.mtimeNs % 1_000_000_000 == 123_456_789)
        var index = HashIndex()
        index.record("data.bin", stat, oid: oidA)
        #expect(index.lookup("data.bin", try FileStat(path: file)) == oidA)
        try Shell.check("printf 'PAYLOAD' > '\(file)' && touch -d '2020-01-02 03:04:05.123456789' '\(file)'")
        // Same size and mtime, but writing changed ctime: a miss.
        #expect(index.lookup("data.bin", try FileStat(path: file)) == nil)
    }

    @Test func removeAndRetain() {
        var index = HashIndex()
        for name in ["a", "b", "c"] { index.record(name, oldStat(), oid: oidA) }
        index.remove("a")
        index.retain { $0 != "b" }
        #expect(index.entries.keys.sorted() == ["c"])
    }

    @Test func hundredThousandEntriesLoadAndSave() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("hashindex")
        var index = HashIndex()
        let stat = oldStat()
        for number in 0..<100_000 {
            index.record("data/images/class-\(number % 100)/image-\(number).jpg", stat, oid: number % 2 == 0 ? oidA : oidB)
        }
        let clock = ContinuousClock()
        let saving = clock.measure { try? index.save(to: path) }
        var loaded = HashIndex()
        let loading = clock.measure { loaded = HashIndex(contentsOf: path) }
        #expect(loaded.count == 100_000)
        #expect(loaded.entries == index.entries)
        // Not a benchmark (scripts/bench.sh measures): a bound on gross regressions only, such as
        // a quadratic load, loose enough for a debug build on two cores shared with parallel tests.
        #expect(saving + loading < .seconds(30), "save \(saving), load \(loading)")
        print("hash index, 100,000 entries: save \(saving), load \(loading)")
    }
}

@Suite struct HashIndexMergeTests {
    /// Saving merges the sorted file with what changed: overrides, removals, new paths on both
    /// sides of old ones, and paths that sort by bytes rather than by Swift's `String` order.
    @Test func changesAfterLoadingAreMergedOnSave() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("hashindex")
        let stat = oldStat()
        var index = HashIndex()
        for name in ["b", "d", "f", "h", "é"] { index.record(name, stat, oid: oidA) }
        try index.save(to: path)

        var loaded = HashIndex(contentsOf: path)
        #expect(loaded.count == 5)
        loaded.record("a", stat, oid: oidB)
        loaded.record("d", stat, oid: oidB)
        loaded.record("e", stat, oid: oidB)
        loaded.record("z", stat, oid: oidB)
        loaded.record("E", stat, oid: oidB)
        loaded.remove("f")
        loaded.remove("never-there")
        #expect(loaded.count == 8)
        #expect(loaded.lookup("d", stat) == oidB)
        #expect(loaded.lookup("f", stat) == nil)
        #expect(loaded.lookup("h", stat) == oidA)
        try loaded.save(to: path)

        let reloaded = HashIndex(contentsOf: path)
        let expected: [String: Digest] = ["E": oidB, "a": oidB, "b": oidA, "d": oidB, "e": oidB, "h": oidA, "z": oidB, "é": oidA]
        #expect(reloaded.entries.mapValues(\.oid) == expected)
        #expect(reloaded.count == 8)
        for (name, oid) in expected { #expect(reloaded.lookup(name, stat) == oid) }

        // A second save without changes writes the same entries.
        try reloaded.save(to: path)
        #expect(HashIndex(contentsOf: path).entries == reloaded.entries)
    }

    /// `recordAll` keeps a sorted batch in the file's compact form; what it says must combine
    /// with loaded entries, single records, removals and a later batch exactly as records would.
    @Test func batchesCombineWithRecordsRemovalsAndTheLoadedFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("hashindex")
        let stat = oldStat()
        let now = Syscall.nowNanoseconds()
        var index = HashIndex()
        for name in ["b", "d", "f"] { index.record(name, stat, oid: oidA) }
        try index.save(to: path)

        var loaded = HashIndex(contentsOf: path)
        loaded.record("c", stat, oid: oidA)
        loaded.remove("e")
        // Sorted by bytes ("E" before "a", "é" last), overriding "c" (a record) and "d" (the file),
        // bringing back "e" (removed), with one racy entry that must be dropped and forgotten.
        let racy = FileStat(size: 1, mtimeNs: now, ctimeNs: now, inode: 7)
        let batch: [(String, FileStat, Digest)] = [("E", stat, oidB), ("a", stat, oidB), ("c", stat, oidB), ("d", stat, oidB),
                                                   ("e", stat, oidB), ("f", racy, oidB), ("é", stat, oidB)]
        loaded.recordAll(count: batch.count, now: now) { batch[$0] }
        #expect(loaded.lookup("c", stat) == oidB)
        #expect(loaded.lookup("d", stat) == oidB)
        #expect(loaded.lookup("e", stat) == oidB)
        #expect(loaded.lookup("f", stat) == nil)
        #expect(loaded.lookup("b", stat) == oidA)

        // Later single records and removals win over the batch; a second batch over the first.
        loaded.record("a", stat, oid: oidA)
        loaded.remove("E")
        let second: [(String, FileStat, Digest)] = [("c", stat, oidA), ("zz", stat, oidA)]
        loaded.recordAll(count: second.count, now: now) { second[$0] }
        // Out of order: recorded one by one instead.
        let unsorted: [(String, FileStat, Digest)] = [("y", stat, oidB), ("x", stat, oidB)]
        loaded.recordAll(count: unsorted.count, now: now) { unsorted[$0] }

        let expected: [String: Digest] = ["a": oidA, "b": oidA, "c": oidA, "d": oidB, "e": oidB, "x": oidB, "y": oidB,
                                          "zz": oidA, "é": oidB]
        #expect(loaded.entries.mapValues(\.oid) == expected)
        for (name, oid) in expected { #expect(loaded.lookup(name, stat) == oid) }
        try loaded.save(to: path)
        let reloaded = HashIndex(contentsOf: path)
        #expect(reloaded.entries.mapValues(\.oid) == expected)
        for (name, oid) in expected { #expect(reloaded.lookup(name, stat) == oid) }

        loaded.retain { $0 != "d" && $0 != "zz" }
        #expect(Set(loaded.entries.keys) == Set(expected.keys).subtracting(["d", "zz"]))
    }

    /// A save rewrites the whole file, so it is skipped when what was learnt is cheaper to hash
    /// again than the file is to write; a new index is always worth saving.
    @Test func savingIsWorthItOnlyWhenRehashingWouldCostMore() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("hashindex")
        let stat = oldStat(size: 100)
        var fresh = HashIndex()
        #expect(fresh.isWorthSaving)
        fresh.recordAll(count: 2_000, now: Syscall.nowNanoseconds()) { (String(format: "f%05d", $0), stat, oidA) }
        #expect(fresh.isWorthSaving)
        try fresh.save(to: path)

        var loaded = HashIndex(contentsOf: path)
        #expect(!loaded.isWorthSaving)
        loaded.record("f00001", stat, oid: oidB)
        #expect(!loaded.isWorthSaving, "one small file is hashed again rather than the index rewritten")
        loaded.record("big", oldStat(size: 1 << 30), oid: oidB)
        #expect(loaded.isWorthSaving)

        var many = HashIndex(contentsOf: path)
        many.recordAll(count: 100, now: Syscall.nowNanoseconds()) { (String(format: "g%05d", $0), stat, oidB) }
        #expect(many.isWorthSaving, "a hundred files cost more to open again than the index costs to write")
    }
}

/// `Workspace.digestsSparingTheIndex`: a few small files are hashed without reading a larger
/// index; files that would cost more to hash than the index costs to read go through it.
@Suite struct SparingTheIndexTests {
    @Test func smallChangesAreHashedWithoutLoadingTheIndex() throws {
        let directory = TemporaryDirectory()
        let small = try directory.write("data/small.txt", "small")
        let project = try Project(root: directory.path)
        // An index larger than one file's `perFileCost`, so hashing one small file is cheaper.
        var index = HashIndex()
        for number in 0..<800 { index.record("data/other\(number).bin", oldStat(inode: UInt64(number)), oid: oidA) }
        try index.save(to: directory.path + "/" + HashIndex.relativePath)
        try #require(try FileStat(path: directory.path + "/" + HashIndex.relativePath).size > 2 * HashIndex.perFileCost)

        let workspace = try Workspace(project: project, jobs: 1)
        let stat = try FileStat(path: small)
        let cheap = workspace.digestsSparingTheIndex(count: 1) { _ in ("data/small.txt", small, stat) }
        #expect(try cheap[0].get() == B3sum.digest(of: small))
        #expect(workspace.loadedIndex == nil)

        // Claimed to be a gigabyte: hashing would cost more than reading the index.
        var huge = stat
        huge.size = 1 << 30
        let dear = workspace.digestsSparingTheIndex(count: 1) { _ in ("data/small.txt", small, huge) }
        #expect(workspace.loadedIndex != nil)
        #expect(try dear[0].get() == B3sum.digest(of: small))
    }
}
