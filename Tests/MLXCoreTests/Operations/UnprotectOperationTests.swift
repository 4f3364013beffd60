import Foundation
import Testing
@testable import MLXCore
import MLXTestSupport

@Suite struct UnprotectOperationTests {
    @Test func hardlinkedAndSymlinkedFilesBecomeWritableCopiesAndTheCacheStaysIntact() throws {
        let fixture = try ListingFixture()
        let hardOID = try fixture.project.trackFile("data/hard.csv", "hard bytes")
        let softOID = try fixture.project.trackFile("data/soft.csv", "soft bytes")
        try fixture.project.link("data/hard.csv", oid: hardOID, type: "hardlink")
        try fixture.project.link("data/soft.csv", oid: softOID, type: "symlink")
        #expect(try FileStat(path: fixture.root + "/data/hard.csv").linkCount == 2)
        #expect(try FileStat(path: fixture.root + "/data/soft.csv").isSymlink)

        let operation = UnprotectOperation(workspace: try fixture.workspace())
        let report = try operation.unprotect([fixture.root + "/data/hard.csv", fixture.root + "/data/soft.csv.mlx"])
        #expect(report.unprotected == ["data/hard.csv", "data/soft.csv"])
        #expect(report.failures.isEmpty && report.alreadyWritable.isEmpty)
        for (name, content) in [("hard", "hard bytes"), ("soft", "soft bytes")] {
            let info = try FileStat(path: fixture.root + "/data/\(name).csv")
            #expect(info.isRegular && info.linkCount == 1 && info.permissions & 0o200 != 0)
            #expect(try fixture.directory.read("data/\(name).csv") == content)
        }
        // Editing the copy leaves the cache alone.
        try fixture.directory.write("data/hard.csv", "edited")
        #expect(fixture.project.store.verify(ObjectID(hardOID)!))
        #expect(try FileStat(path: fixture.project.objectPath(hardOID)).linkCount == 1)
    }

    @Test func everyFileOfATrackedDirectoryOrOnlyThoseUnderAPathInsideIt() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackDirectory("images", files: ["a.jpg": "A", "sub/b.jpg": "B", "sub/c.jpg": "C"])
        func linkAll() throws {
            for (relpath, content) in [("a.jpg", "A"), ("sub/b.jpg", "B"), ("sub/c.jpg", "C")] {
                try fixture.project.link("images/" + relpath, oid: HandmadeProject.oid(of: content), type: "hardlink")
            }
        }
        try linkAll()
        let operation = UnprotectOperation(workspace: try fixture.workspace())
        let inside = try operation.unprotect([fixture.root + "/images/sub"])
        #expect(inside.unprotected == ["images/sub/b.jpg", "images/sub/c.jpg"])
        #expect(try FileStat(path: fixture.root + "/images/a.jpg").linkCount == 2)

        let whole = try operation.unprotect([fixture.root + "/images"])
        #expect(whole.unprotected == ["images/a.jpg"])
        #expect(whole.alreadyWritable == ["images/sub/b.jpg", "images/sub/c.jpg"])
    }

    @Test func readOnlyCopyIsMadeWritable() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "a")
        chmod(fixture.root + "/a.csv", 0o444)
        let report = try UnprotectOperation(workspace: try fixture.workspace()).unprotect([fixture.root + "/a.csv"])
        #expect(report.unprotected == ["a.csv"])
        #expect(try FileStat(path: fixture.root + "/a.csv").permissions & 0o200 != 0)
    }

    @Test func aMissingFileIsReportedAndTheOthersAreStillDone() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("gone.csv", "g", workspace: false)
        let oid = try fixture.project.trackFile("here.csv", "h")
        try fixture.project.link("here.csv", oid: oid, type: "hardlink")
        let report = try UnprotectOperation(workspace: try fixture.workspace())
            .unprotect([fixture.root + "/gone.csv", fixture.root + "/here.csv"])
        #expect(report.unprotected == ["here.csv"])
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.description == "gone.csv: is missing from the workspace")
        #expect(report.failures.first?.hint == "`mlx checkout gone.csv` restores it")
    }

    @Test func anUntrackedTargetFailsBeforeAnyFileIsTouched() throws {
        let fixture = try ListingFixture()
        let oid = try fixture.project.trackFile("a.csv", "a")
        try fixture.project.link("a.csv", oid: oid, type: "hardlink")
        try fixture.directory.write("loose.txt", "x")
        let error = #expect(throws: TrackingError.self) {
            try UnprotectOperation(workspace: try fixture.workspace()).unprotect([fixture.root + "/a.csv", fixture.root + "/loose.txt"])
        }
        #expect(error?.description == "loose.txt: is not tracked by mlx")
        #expect(try FileStat(path: fixture.root + "/a.csv").linkCount == 2)
    }
}
