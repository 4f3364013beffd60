import Foundation
import Testing
@testable import MLXCore
import MLXTestSupport

@Suite struct FsckOperationTests {
    private func corrupt(_ path: String) throws {
        try Shell.run("chmod u+w '\(path)' && printf 'X' | dd of='\(path)' bs=1 count=1 conv=notrunc 2>/dev/null")
    }

    @Test func intactCacheIsClean() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "aaa")
        let manifest = try fixture.project.trackDirectory("d", files: ["x": "x", "y": "yy"])
        let manifestSize = Int64(try fixture.project.store.read(try #require(ObjectID(manifest))).count)
        let report = try FsckOperation(store: fixture.project.store, jobs: 2).run()
        #expect(report.checkedObjects == 4)
        #expect(report.isClean && report.failure == nil)
        #expect(report.corrupt.isEmpty && report.unreadable.isEmpty && report.invalidManifests.isEmpty)
        #expect(report.checkedBytes == 3 + 1 + 2 + manifestSize)
    }

    @Test func corruptObjectIsQuarantinedAndTheNextRunIsClean() throws {
        let fixture = try ListingFixture()
        let good = try fixture.project.trackFile("good.csv", "fine")
        let bad = try fixture.project.trackFile("bad.csv", "will rot")
        let store = fixture.project.store
        try corrupt(fixture.project.objectPath(bad))
        let report = try FsckOperation(store: store, jobs: 2).run()
        #expect(report.checkedObjects == 2)
        #expect(report.corrupt.map(\.oid) == [bad])
        #expect(report.corrupt[0].quarantinedTo == "quarantine/\(bad)")
        #expect(report.corrupt[0].message.hasPrefix("content hashes to "))
        #expect(!store.contains(ObjectID(bad)!) && store.contains(ObjectID(good)!))
        #expect(FileManager.default.fileExists(atPath: store.quarantineRoot + "/" + bad))
        #expect(report.failure == FsckError(corrupt: 1, unreadable: 0, invalidManifests: 0))
        #expect(report.failure?.description == "the cache has problems: 1 corrupt object moved to the quarantine")
        #expect(report.failure?.hint?.contains("mlx fetch") == true)

        let again = try FsckOperation(store: store, jobs: 2).run()
        #expect(again.isClean && again.checkedObjects == 1)
    }

    @Test func corruptManifestIsQuarantinedAndAnUndecodableOneIsReported() throws {
        let fixture = try ListingFixture()
        let store = fixture.project.store
        let manifestOID = try fixture.project.trackDirectory("d", files: ["x": "x"])
        try corrupt(fixture.project.objectPath(manifestOID))
        // Bytes whose name matches them but which are no canonical manifest.
        let junk = Array(#"[ {"oid": "nope"} ]"#.utf8)
        let junkID = ObjectID(store.hasher.hash(junk), isDirectory: true)
        try store.insert(bytes: junk, oid: junkID)

        let report = try FsckOperation(store: store, jobs: 1).run()
        #expect(report.corrupt.map(\.oid) == [manifestOID])
        #expect(report.invalidManifests.map(\.oid) == [junkID.string])
        #expect(report.invalidManifests[0].quarantinedTo == nil)
        #expect(store.contains(junkID))
        #expect(report.failure?.invalidManifests == 1)
    }

    @Test func staleTemporaryFilesAreRemovedAndFreshOnesKept() throws {
        let fixture = try ListingFixture()
        let oid = try fixture.project.trackFile("a.csv", "a")
        let store = fixture.project.store
        let fanout = Syscall.directoryName(of: fixture.project.objectPath(oid))
        let stale = fanout + "/\(AtomicFile.temporaryPrefix)1234-abcd"
        let fresh = store.root + "/\(AtomicFile.temporaryPrefix)5678-ef01"
        let unrelated = store.root + "/notes.txt"
        for path in [stale, fresh, unrelated] { _ = FileManager.default.createFile(atPath: path, contents: Data("partial".utf8)) }
        try Shell.run("touch -d '2 minutes ago' '\(stale)' '\(unrelated)'")

        let report = try FsckOperation(store: store, jobs: 2).run()
        #expect(report.removedTemporaryFiles == ["files/blake3/\(oid.prefix(2))/\(AtomicFile.temporaryPrefix)1234-abcd"])
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: fresh))
        #expect(FileManager.default.fileExists(atPath: unrelated))
        #expect(report.isClean && report.checkedObjects == 1)

        // With a clock two minutes ahead, the fresh one is abandoned too.
        let later = FsckOperation(store: store, jobs: 1, temporaryFileAge: FsckOperation.defaultTemporaryFileAge,
                                  now: { Syscall.nowNanoseconds() + 120_000_000_000 })
        #expect(try later.run().removedTemporaryFiles == [AtomicFile.temporaryPrefix + "5678-ef01"])
    }

    @Test func manyObjectsAreCheckedWithBoundedWidthAndEveryCorruptOneFound() throws {
        let fixture = try ListingFixture()
        var oids: [String] = []
        for index in 0..<40 { oids.append(try fixture.project.trackFile("f\(index).bin", String(repeating: "\(index),", count: index * 50))) }
        let rotten = [oids[3], oids[17], oids[39]]
        for oid in rotten { try corrupt(fixture.project.objectPath(oid)) }
        let report = try FsckOperation(store: fixture.project.store, jobs: 3).run()
        #expect(report.checkedObjects == 40)
        #expect(report.corrupt.map(\.oid) == rotten.sorted())
        #expect(report.failure?.corrupt == 3)
    }

    @Test func jsonHasStableKeys() throws {
        var report = FsckReport()
        report.checkedObjects = 2
        report.checkedBytes = 10
        report.corrupt = [.init(oid: "o1", message: "m", quarantinedTo: "quarantine/o1")]
        report.invalidManifests = [.init(oid: "o2.dir", message: "bad", quarantinedTo: nil)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(text == #"{"checked_bytes":10,"checked_objects":2,"clean":false,"#
            + #""corrupt":[{"message":"m","oid":"o1","quarantined_to":"quarantine/o1"}],"#
            + #""invalid_manifests":[{"message":"bad","oid":"o2.dir","quarantined_to":null}],"#
            + #""removed_temporary_files":[],"unreadable":[]}"#)
    }
}
