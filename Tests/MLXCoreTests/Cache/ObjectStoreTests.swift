import Foundation
import MLXTestSupport
import Testing
import MLXHash
@testable import MLXCore

/// A project-like folder with a cache and one data file whose oid comes from `b3sum`.
private struct Fixture {
    let directory = TemporaryDirectory()
    let store: ObjectStore
    let dataPath: String
    let oid: Digest
    let size: Int64

    init(content: String = "hello, cache\n") throws {
        store = try ObjectStore(root: directory.file(".mlx/cache"), hasher: ContentHasher.blake3())
        dataPath = try directory.write("data/train.csv", content)
        oid = try B3sum.digest(of: dataPath)
        size = Int64(content.utf8.count)
    }

    var id: ObjectID { ObjectID(oid) }
}

private func mode(_ path: String) throws -> UInt32 { try FileStat(path: path).permissions }

@Suite struct ObjectStoreTests {
    @Test func createsLayoutAndCacheDirTag() throws {
        let fixture = try Fixture()
        let tag = try fixture.directory.read(".mlx/cache/CACHEDIR.TAG")
        #expect(tag.hasPrefix("Signature: 8a477f597d28d172789f06886806bc55\n"))
        let hex = fixture.oid.hex
        #expect(fixture.store.path(for: fixture.id) == fixture.directory.file(".mlx/cache/files/blake3/\(hex.prefix(2))/\(hex.dropFirst(2))"))
        #expect(fixture.store.path(for: ObjectID(fixture.oid, isDirectory: true)).hasSuffix("\(hex.dropFirst(2)).dir"))
    }

    @Test func insertIsReadOnlyVerifiedAndIdempotent() throws {
        let fixture = try Fixture()
        #expect(!fixture.store.contains(fixture.id))
        #expect(try fixture.store.insert(fileAt: fixture.dataPath, oid: fixture.oid))
        #expect(fixture.store.contains(fixture.id))
        let object = fixture.store.path(for: fixture.id)
        #expect(try mode(object) == 0o444)
        #expect(try String(contentsOfFile: object, encoding: .utf8) == "hello, cache\n")
        #expect(fixture.store.verify(fixture.id))
        // Second insert: nothing to do, and no temporary left behind.
        #expect(try fixture.store.insert(fileAt: fixture.dataPath, oid: fixture.oid) == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: Syscall.directoryName(of: object)) == [Syscall.baseName(of: object)])
        #expect(try fixture.store.enumerate() == [fixture.id])
    }

    /// The file was rewritten (same size) after it was hashed: its new bytes must not be stored
    /// under the old name.
    @Test func contentThatNoLongerMatchesItsHashLeavesNothing() throws {
        let fixture = try Fixture()
        try Shell.check("printf 'HELLO, cache\\n' > '\(fixture.dataPath)'")
        let error = #expect(throws: SourceChangedError.self) {
            try fixture.store.insert(fileAt: fixture.dataPath, oid: fixture.oid)
        }
        #expect(error == SourceChangedError(path: fixture.dataPath))
        #expect(!fixture.store.contains(fixture.id))
        #expect(try fixture.store.enumerate() == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.store.stagingRoot) == [])
    }

    /// A large batch goes in parts; each object is stored once, those already there are not
    /// counted, and no temporary is left behind.
    @Test func batchesInPartsStoreEachNewObjectOnce() throws {
        let fixture = try Fixture()
        var files: [ObjectStore.PendingFile] = []
        for number in 0..<10 {
            // Files 0 and 5 hold the same bytes; file 3 holds what the fixture's file holds.
            let content = number == 3 ? "hello, cache\n" : "content \(number % 5 == 0 ? 0 : number)"
            let path = try fixture.directory.write("many/\(number).txt", content)
            files.append(ObjectStore.PendingFile(path: path, oid: try B3sum.digest(of: path)))
        }
        try fixture.store.insert(fileAt: fixture.dataPath, oid: fixture.oid)
        var cloned: [Bool] = []
        #expect(try fixture.store.insertBatch(files, width: 2, batchLimit: 3, cloned: &cloned) == 8)
        // Nothing shares extents on a file system without reflinks (this machine's ext4).
        #expect(cloned.count == files.count)
        for file in files { #expect(fixture.store.verify(ObjectID(file.oid))) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.store.stagingRoot) == [])
        #expect(try fixture.store.insertBatch(files, width: 2, batchLimit: 3, cloned: &cloned) == 0)
        #expect(cloned == Array(repeating: false, count: files.count))
    }

    /// Large files are copied while the copy is hashed: the object holds exactly the bytes
    /// that were hashed; a file rewritten since it was hashed, or cut shorter, leaves nothing.
    @Test func largeFilesAreHashedWhileCopied() throws {
        let fixture = try Fixture()
        let size = Int(ObjectStore.overlappedCopySize) + 3 * Int(ObjectStore.overlappedCopySegment) / 2 + 7
        var bytes = (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        let path = try fixture.directory.write("data/large.bin", bytes)
        let oid = try B3sum.digest(of: path)
        let file = ObjectStore.PendingFile(path: path, oid: oid, size: Int64(size))

        // Rewritten in place, same size, after it was hashed.
        bytes[size - 2] ^= 0xFF
        _ = try fixture.directory.write("data/large.bin", bytes)
        #expect(throws: SourceChangedError.self) { try fixture.store.insertBatch([file], width: 1) }
        // Cut shorter.
        _ = try fixture.directory.write("data/large.bin", Array(bytes[..<(size / 2)]))
        #expect(throws: SourceChangedError.self) { try fixture.store.insertBatch([file], width: 1) }
        #expect(try fixture.store.enumerate() == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.store.stagingRoot) == [])

        // Grown by an append since it was hashed: the object is the bytes that were hashed.
        bytes[size - 2] ^= 0xFF
        _ = try fixture.directory.write("data/large.bin", bytes + [1, 2, 3])
        #expect(try fixture.store.insertBatch([file], width: 1) == 1)
        #expect(fixture.store.verify(ObjectID(oid)))
        #expect(try FileStat(path: fixture.store.path(for: ObjectID(oid))).size == Int64(size))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.store.stagingRoot) == [])
    }

    @Test func refusesContentOfAnotherHash() throws {
        let fixture = try Fixture()
        let wrong = Digest(hex: String(repeating: "0", count: 64))!
        #expect(throws: SourceChangedError.self) {
            try fixture.store.insert(fileAt: fixture.dataPath, oid: wrong)
        }
        #expect(!fixture.store.contains(ObjectID(wrong)))
    }

    @Test func manifestBytesAreCheckedAndStored() throws {
        let fixture = try Fixture()
        let manifest = try Manifest(entries: [.init(oid: fixture.oid, relpath: "train.csv", size: fixture.size)])
        let id = manifest.objectID(using: ContentHasher.blake3())
        #expect(try fixture.store.insert(bytes: manifest.encoded(), oid: id))
        #expect(try fixture.store.insert(bytes: manifest.encoded(), oid: id) == false)
        #expect(try Manifest.decode(try fixture.store.read(id), oid: id) == manifest)
        #expect(try mode(fixture.store.path(for: id)) == 0o444)
        #expect(fixture.store.verify(id))
        let wrongID = ObjectID(fixture.oid, isDirectory: true)
        #expect(throws: CacheError.self) { try fixture.store.insert(bytes: manifest.encoded(), oid: wrongID) }
        #expect(try fixture.store.enumerate() == [id])
    }

    @Test func corruptObjectIsDetectedAndQuarantined() throws {
        let fixture = try Fixture()
        try fixture.store.insert(fileAt: fixture.dataPath, oid: fixture.oid)
        let object = fixture.store.path(for: fixture.id)
        try Shell.check("chmod u+w '\(object)' && printf 'HELLO, cache\\n' > '\(object)'")
        #expect(!fixture.store.verify(fixture.id))
        let moved = try fixture.store.quarantine(fixture.id)
        #expect(moved == fixture.directory.file(".mlx/cache/quarantine/\(fixture.oid.hex)"))
        #expect(!fixture.store.contains(fixture.id))
        #expect(try String(contentsOfFile: moved, encoding: .utf8) == "HELLO, cache\n")
        #expect(try fixture.store.enumerate() == [])
        #expect(!fixture.store.verify(fixture.id))
    }

    @Test func removeAndEnumerateSkipTemporaries() throws {
        let fixture = try Fixture()
        try fixture.store.insert(fileAt: fixture.dataPath, oid: fixture.oid)
        let folder = Syscall.directoryName(of: fixture.store.path(for: fixture.id))
        try fixture.directory.write(String(folder.dropFirst(fixture.directory.path.count + 1)) + "/.mlx-tmp-crashed", "x")
        #expect(try fixture.store.enumerate() == [fixture.id])
        #expect(try fixture.store.remove(fixture.id))
        #expect(try fixture.store.remove(fixture.id) == false)
        #expect(try fixture.store.enumerate() == [])
    }

    @Test func missingObjectHasAHint() throws {
        let fixture = try Fixture()
        let error = #expect(throws: CacheError.self) { try fixture.store.link(oid: fixture.id, to: fixture.directory.file("out")) }
        #expect(error?.message == "object is not in the cache")
        #expect(error?.hint == "run `mlx fetch` to download it from the remote")
    }
}

@Suite struct CacheLinkTests {
    private func prepared(_ content: String = "hello, cache\n") throws -> Fixture {
        let fixture = try Fixture(content: content)
        try fixture.store.insert(fileAt: fixture.dataPath, oid: fixture.oid)
        return fixture
    }

    @Test func parsesTheConfigList() throws {
        #expect(try CacheLinkType.parseList("reflink,hardlink,copy") == [.reflink, .hardlink, .copy])
        #expect(try CacheLinkType.parseList(" symlink , copy,symlink") == [.symlink, .copy])
        let error = #expect(throws: CacheError.self) { try CacheLinkType.parseList("reflink,hardlnk") }
        #expect(error?.description == "cache.type: unknown link type `hardlnk`")
        #expect(error?.hint == "use a comma-separated list of reflink, hardlink, symlink and copy")
        #expect(throws: CacheError.self) { try CacheLinkType.parseList("") }
        #expect(throws: CacheError.self) { try CacheLinkType.parseList("copy,,hardlink") }
    }

    @Test func copyIsWritableAndIndependent() throws {
        // Under the umask lock: a config write elsewhere in this test process may change it.
        try Syscall.withFileCreationMask(nil) { mask in
            let fixture = try prepared()
            let target = fixture.directory.file("out/train.csv")
            #expect(try fixture.store.link(oid: fixture.id, to: target, types: [.copy]) == .copy)
            let info = try FileStat(path: target)
            #expect(info.isRegular && info.linkCount == 1)
            #expect(info.permissions == 0o644 & ~mask)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "hello, cache\n")
        }
    }

    @Test func hardlinkSharesTheReadOnlyObject() throws {
        let fixture = try prepared()
        let target = fixture.directory.file("train.csv")
        #expect(try fixture.store.link(oid: fixture.id, to: target, types: [.hardlink, .copy]) == .hardlink)
        let info = try FileStat(path: target)
        #expect(info.inode == (try FileStat(path: fixture.store.path(for: fixture.id))).inode)
        #expect(info.permissions == 0o444)
    }

    /// Linking a file that already is a hard link to the object (a re-add, `checkout --relink`)
    /// leaves no extra link: renaming one link over another of the same inode does nothing.
    /// With `hardlink` first the file is not touched at all (its ctime stays, for the index).
    @Test func hardlinkingAgainLeavesNoExtraLink() throws {
        let fixture = try prepared()
        let target = fixture.directory.file("out/train.csv")
        #expect(try fixture.store.link(oid: fixture.id, to: target, types: [.hardlink]) == .hardlink)
        let linked = try FileStat(path: target)
        #expect(try fixture.store.link(oid: fixture.id, to: target, types: [.hardlink]) == .hardlink)
        #expect(try FileStat(path: target) == linked)
        // Reflink first (unsupported on most file systems) reaches the hard link through a rename.
        if try fixture.store.link(oid: fixture.id, to: target, types: [.reflink, .hardlink]) == .hardlink {
            #expect(try FileStat(path: target).linkCount == 2)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.file("out")) == ["train.csv"])
    }

    @Test func symlinkPointsIntoTheCache() throws {
        let fixture = try prepared()
        let target = fixture.directory.file("linked.csv")
        #expect(try fixture.store.link(oid: fixture.id, to: target, types: [.symlink]) == .symlink)
        #expect(try FileStat(path: target).isSymlink)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target) == fixture.store.path(for: fixture.id))
        #expect(try FileStat.following(target).permissions == 0o444)
    }

    @Test func reflinkFallsBackPerFileWhereUnsupported() throws {
        let fixture = try prepared()
        let target = fixture.directory.file("r.csv")
        let used = try fixture.store.link(oid: fixture.id, to: target, types: [.reflink, .hardlink, .copy])
        // ext4 has no reflink: the next type is used; on XFS/Btrfs the clone itself succeeds.
        #expect(used == .reflink || used == .hardlink)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "hello, cache\n")
        if used == .hardlink {
            let error = #expect(throws: CacheError.self) {
                try fixture.store.link(oid: fixture.id, to: fixture.directory.file("r2.csv"), types: [.reflink])
            }
            #expect(error?.message == "none of the link types reflink works here")
            #expect(try fixture.directory.names().filter { $0.hasPrefix(".mlx-tmp-") } == [])
        }
    }

    /// The default `reflink,copy`: where cloning is not supported the bytes are copied into
    /// the same temporary file, so the result says `copy` and nothing is left beside it.
    @Test func reflinkThenCopyCopiesWhereCloningIsUnsupported() throws {
        // Under the umask lock: a config write elsewhere in this test process may change it.
        try Syscall.withFileCreationMask(nil) { mask in
            let fixture = try prepared()
            let target = fixture.directory.file("rc.csv")
            let used = try fixture.store.link(oid: fixture.id, to: target, types: [.reflink, .copy], isExecutable: true)
            #expect(used == .reflink || used == .copy)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "hello, cache\n")
            #expect(try FileStat(path: target).permissions == 0o755 & ~mask)
            #expect(try fixture.directory.names().filter { $0.hasPrefix(".mlx-tmp-") } == [])
        }
    }

    @Test func replacesAnExistingFileAtomically() throws {
        let fixture = try prepared()
        let target = try fixture.directory.write("data/train.csv", "stale\n")
        try fixture.store.link(oid: fixture.id, to: target, types: [.copy])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "hello, cache\n")
        #expect(try fixture.directory.names(in: "data") == ["train.csv"])
    }

    @Test func executablesKeepTheirBitWithoutLeakingIt() throws {
        // Under the umask lock: a config write elsewhere in this test process may change it.
        try Syscall.withFileCreationMask(nil) { mask in
            let fixture = try prepared("#!/bin/sh\necho hi\n")
            let copy = fixture.directory.file("bin/copy.sh")
            try fixture.store.link(oid: fixture.id, to: copy, types: [.copy], isExecutable: true)
            #expect(try FileStat(path: copy).permissions == 0o755 & ~mask)

            let linked = fixture.directory.file("bin/run.sh")
            #expect(try fixture.store.link(oid: fixture.id, to: linked, types: [.hardlink, .copy], isExecutable: true) == .hardlink)
            #expect(try FileStat(path: linked).permissions == 0o555)
            // Same bytes, not executable: the shared inode is executable now, so fall through to a copy.
            let plain = fixture.directory.file("doc/run.txt")
            #expect(try fixture.store.link(oid: fixture.id, to: plain, types: [.hardlink, .copy], isExecutable: false) == .copy)
            #expect(try FileStat(path: plain).isExecutable == false)
            #expect(try FileStat(path: linked).isExecutable)
        }
    }

    @Test func unprotectTurnsLinksIntoWritableCopies() throws {
        let fixture = try prepared()
        let hard = fixture.directory.file("hard.csv")
        let soft = fixture.directory.file("soft.csv")
        try fixture.store.link(oid: fixture.id, to: hard, types: [.hardlink])
        try fixture.store.link(oid: fixture.id, to: soft, types: [.symlink])
        for path in [hard, soft] {
            try ObjectStore.unprotect(path)
            let info = try FileStat(path: path)
            #expect(info.isRegular && info.linkCount == 1 && info.permissions & 0o200 != 0)
            try Shell.check("printf 'edited\\n' > '\(path)'")
        }
        #expect(fixture.store.verify(fixture.id))
        #expect(try FileStat(path: fixture.store.path(for: fixture.id)).linkCount == 1)
    }
}
