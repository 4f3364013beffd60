import Foundation
import Glibc
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXCore

private let oid = ObjectID(Digest(hex: String(repeating: "c", count: 64))!, isDirectory: true)
private let fileOID = Digest(hex: String(repeating: "d", count: 64))!
private let rules = IgnoreRules()
/// "Now" an hour ahead, so files the test just wrote are not racy.
private let later = Syscall.nowNanoseconds() + 3_600_000_000_000

/// A project with a tracked-to-be directory `t` of nested folders, an empty folder and awkward names.
private func makeTree() throws -> TemporaryDirectory {
    let root = TemporaryDirectory()
    for (name, content) in ["a.txt": "a", "sub/b.bin": "bb", "sub/deep/c d.txt": "ccc", "é/x": "x", "z": ""] {
        try root.write("t/" + name, content)
    }
    try FileManager.default.createDirectory(atPath: root.appending("t/empty"), withIntermediateDirectories: true)
    return root
}

private func memo(of root: TemporaryDirectory, now: Int64 = later, ignore: IgnoreRules = rules) throws -> TreeMemo? {
    let tree = try DirectoryWalker.walk(root.appending("t"), projectRoot: root.path, ignorePrefix: "t", ignore: ignore)
    guard let bytes = TreeMemo.encode(trackedPath: "t", oid: oid, size: 6, ignoreDigest: ignore.digest, tree: tree,
                                      oids: tree.files.map { _ in fileOID }, now: now) else {
        return nil
    }
    return TreeMemo(bytes: bytes, trackedPath: "t", ignoreDigest: ignore.digest)
}

@Suite struct TreeMemoTests {
    @Test func anUnchangedTreeStillHoldsAndGivesBackWhatWasRecorded() throws {
        let root = try makeTree()
        let loaded = try #require(try memo(of: root))
        #expect(loaded.oid == oid)
        #expect(loaded.size == 6)
        #expect(loaded.fileCount == 5)
        #expect(loaded.stillHolds(root: root.appending("t"), width: 1))
        #expect(loaded.stillHolds(root: root.appending("t"), width: 4))
    }

    @Test(arguments: [
        "rewrite a file with other bytes of the same size",
        "append to a file",
        "delete a file",
        "add a file in a nested folder",
        "add an empty folder",
        "remove the empty folder",
        "make a file executable",
        "rename a file",
        "replace a file with a symlink to it",
        "replace a nested folder with an empty one",
        "delete the whole tree",
    ])
    func everyChangeToTheTreeBreaksIt(change: String) throws {
        let root = try makeTree()
        let loaded = try #require(try memo(of: root))
        // Out of the timestamp tick the tree was written in: a change within it is what the
        // racy rule (tested below) keeps memos away from.
        usleep(20_000)
        let t = { (name: String) in root.appending("t/" + name) }
        switch change {
        case "rewrite a file with other bytes of the same size": _ = try root.write("t/sub/b.bin", "BB")
        case "append to a file": _ = try root.write("t/a.txt", "aa")
        case "delete a file": try FileManager.default.removeItem(atPath: t("é/x"))
        case "add a file in a nested folder": _ = try root.write("t/sub/deep/new", "n")
        case "add an empty folder": try FileManager.default.createDirectory(atPath: t("sub/new"), withIntermediateDirectories: false)
        case "remove the empty folder": try FileManager.default.removeItem(atPath: t("empty"))
        case "make a file executable": #expect(chmod(t("z"), 0o755) == 0)
        case "rename a file": #expect(rename(t("a.txt"), t("a2.txt")) == 0)
        case "replace a file with a symlink to it":
            #expect(rename(t("sub/b.bin"), root.appending("b.bin")) == 0)
            try FileManager.default.createSymbolicLink(atPath: t("sub/b.bin"), withDestinationPath: root.appending("b.bin"))
        case "replace a nested folder with an empty one":
            try FileManager.default.removeItem(atPath: t("sub/deep"))
            try FileManager.default.createDirectory(atPath: t("sub/deep"), withIntermediateDirectories: false)
        default: try FileManager.default.removeItem(atPath: root.appending("t"))
        }
        #expect(!loaded.stillHolds(root: root.appending("t"), width: 2), "\(change)")
        // Only a file changed in place keeps the tree's names, so only then can the memo's
        // entries stand in for a walk.
        let inPlace = ["rewrite a file with other bytes of the same size", "append to a file", "make a file executable"].contains(change)
        switch loaded.check(root: root.appending("t"), width: 2) {
        case .filesChanged(let files): #expect(inPlace && files.count == 1, "\(change)")
        case .treeChanged: #expect(!inPlace, "\(change)")
        case .holds: Issue.record("\(change): the memo still holds")
        }
    }

    /// Files changed in place are listed with their new facts; the memo's entries with theirs
    /// replaced are the manifest in byte order, and recording them makes the memo hold again.
    @Test func filesChangedInPlaceAreListedReplacedAndRecorded() throws {
        let root = try makeTree()
        let loaded = try #require(try memo(of: root))
        usleep(20_000)
        _ = try root.write("t/sub/b.bin", "BBB")
        #expect(chmod(root.appending("t/z"), 0o755) == 0)
        guard case .filesChanged(let files) = loaded.check(root: root.appending("t"), width: 2) else {
            Issue.record("expected two changed files")
            return
        }
        #expect(Set(files.map(\.relpath)) == ["sub/b.bin", "z"])
        // Telling only whether the memo holds stops at the first difference.
        guard case .filesChanged(let first) = loaded.compare(root: root.appending("t"), width: 1, stoppingAtFirstDifference: true) else {
            Issue.record("expected a changed file")
            return
        }
        #expect(first.count == 1)
        #expect(files.first { $0.relpath == "sub/b.bin" }?.stat.size == 3)

        let newOID = Digest(hex: String(repeating: "e", count: 64))!
        var replacements: [Int: Manifest.Entry] = [:]
        for file in files {
            replacements[file.record] = Manifest.Entry(oid: newOID, relpath: file.relpath, size: file.stat.size, isexec: file.stat.isExecutable)
        }
        let entries = loaded.entries(replacing: replacements)
        #expect(entries.map(\.relpath) == ["a.txt", "sub/b.bin", "sub/deep/c d.txt", "z", "é/x"])
        #expect(entries.map(\.oid) == [fileOID, newOID, fileOID, newOID, fileOID])
        #expect(entries.map(\.size) == [1, 3, 3, 0, 1])
        #expect(entries.map(\.isexec) == [false, false, false, true, false])

        let treeOID = ObjectID(Digest(hex: String(repeating: "f", count: 64))!, isDirectory: true)
        let changes = files.map { (file: $0, oid: newOID) }
        // Just changed: a second change in the same tick would not show, so nothing is recorded.
        #expect(loaded.recording(changes, oid: treeOID, size: 8, now: Syscall.nowNanoseconds()) == nil)
        let bytes = try #require(loaded.recording(changes, oid: treeOID, size: 8, now: later))
        let updated = try #require(TreeMemo(bytes: bytes, trackedPath: "t", ignoreDigest: rules.digest))
        #expect(updated.oid == treeOID && updated.size == 8 && updated.fileCount == 5)
        #expect(updated.stillHolds(root: root.appending("t"), width: 2))
        #expect(updated.entries(replacing: [:]) == entries)
    }

    /// Where the memo lists files in the manifest's byte order, the manifest is hashed straight
    /// from the memo's bytes and gives the oid the entries give; where it does not (a folder's
    /// files before a subfolder whose names sort first), there is no shortcut.
    @Test func theManifestIsHashedFromTheMemoWhenItsOrderIsTheManifests() throws {
        let hasher = ContentHasher.blake3()
        let replacement = Manifest.Entry(oid: Digest(hex: String(repeating: "e", count: 64))!, relpath: "", size: 7, isexec: true)
        let sorted = TemporaryDirectory()
        for name in ["p/a", "p/b b", "q/c", "q/r/d"] { _ = try sorted.write("t/" + name, name) }
        let sortedMemo = try #require(try memo(of: sorted))
        usleep(20_000)
        _ = try sorted.write("t/p/b b", "changed")
        guard case .filesChanged(let files) = sortedMemo.check(root: sorted.appending("t"), width: 1), let record = files.first?.record else {
            Issue.record("expected one changed file")
            return
        }
        var entry = replacement
        entry.relpath = "p/b b"
        let entries = sortedMemo.entries(replacing: [record: entry])
        #expect(entries.map(\.relpath) == ["p/a", "p/b b", "q/c", "q/r/d"])
        let manifest = try Manifest(entries: entries)
        let summary = try #require(sortedMemo.manifestSummary(replacing: [record: entry], using: hasher))
        #expect(summary.oid == manifest.objectID(using: hasher))
        #expect(summary.size == manifest.totalSize && summary.count == 4)

        let unsorted = try makeTree()
        #expect(try #require(try memo(of: unsorted)).manifestSummary(replacing: [:], using: hasher) == nil)
    }

    @Test func racyTreesAndTreesReachedThroughLinksAreNotRecorded() throws {
        let root = try makeTree()
        // Just written: a change in the same timestamp tick would not show, so no memo.
        #expect(try memo(of: root, now: Syscall.nowNanoseconds()) == nil)
        try FileManager.default.createSymbolicLink(atPath: root.appending("t/link"), withDestinationPath: root.appending("t/a.txt"))
        #expect(try memo(of: root) == nil)
    }

    @Test func aDamagedOrForeignMemoIsNeverTrusted() throws {
        let root = try makeTree()
        let tree = try DirectoryWalker.walk(root.appending("t"), projectRoot: root.path, ignorePrefix: "t", ignore: rules)
        let bytes = try #require(TreeMemo.encode(trackedPath: "t", oid: oid, size: 6, ignoreDigest: rules.digest, tree: tree,
                                                 oids: tree.files.map { _ in fileOID }, now: later))
        #expect(TreeMemo(bytes: bytes, trackedPath: "t", ignoreDigest: rules.digest) != nil)
        for position in stride(from: 0, to: bytes.count, by: 7) {
            var damaged = bytes
            damaged[position] ^= 0x40
            #expect(TreeMemo(bytes: damaged, trackedPath: "t", ignoreDigest: rules.digest) == nil, "byte \(position)")
        }
        for length in [0, 50, bytes.count / 2, bytes.count - 1] {
            #expect(TreeMemo(bytes: Array(bytes[..<length]), trackedPath: "t", ignoreDigest: rules.digest) == nil)
        }
        #expect(TreeMemo(bytes: bytes, trackedPath: "u", ignoreDigest: rules.digest) == nil)
        #expect(TreeMemo(bytes: bytes, trackedPath: "t", ignoreDigest: IgnoreRules(text: "*.tmp\n").digest) == nil)
    }

    @Test func ignoredFilesAreLeftOutAndTheRulesAreKeyedIn() throws {
        let root = try makeTree()
        _ = try root.write("t/sub/scratch.tmp", "s")
        let ignoring = IgnoreRules(text: "*.tmp\n")
        let loaded = try #require(try memo(of: root, ignore: ignoring))
        #expect(loaded.fileCount == 5)
        #expect(loaded.stillHolds(root: root.appending("t"), width: 2))
    }
}

