import Foundation
import Testing
@testable import MLXCore
import MLXTestSupport

@Suite struct DataDiffTests {
    @Test func headAgainstWorkspaceFindsAddedDeletedAndModifiedByOid() throws {
        let fixture = try ListingFixture()
        let oldTrain = try fixture.project.trackFile("data/train.csv", "v1")
        try fixture.project.trackFile("data/old.csv", "old")
        try fixture.project.trackFile("same.csv", "same")
        var git = MemorySourceControl(workTreeRoot: fixture.root)
        git.commit("c1", try fixture.pointerFiles())
        let newTrain = try fixture.project.trackFile("data/train.csv", "v2!")
        try FileManager.default.removeItem(atPath: fixture.root + "/data/old.csv.mlx")
        try fixture.project.trackFile("data/new.csv", "new")
        // Bytes edited but not recorded differ from HEAD too, as in `dvc diff`.
        try fixture.project.write("same.csv", "edited but not recorded")

        let workspace = try fixture.workspace()
        let diff = try DataDiffOperation(store: workspace.store).diff(revisions: [], workspace: workspace, sourceControl: git)
        #expect(diff.added.map(\.path) == ["data/new.csv"])
        #expect(diff.deleted.map(\.path) == ["data/old.csv"])
        #expect(diff.modified.map(\.path) == ["data/train.csv", "same.csv"])
        let change = try #require(diff.modified.first)
        #expect(change.old == DataDiff.Side(oid: oldTrain, size: 2))
        #expect(change.new == DataDiff.Side(oid: newTrain, size: 3))
        #expect(change.files == nil && !change.isDirectory)
        #expect(diff.added[0].old == nil && diff.deleted[0].new == nil)
    }

    @Test func unbornHeadRecordsNothingSoEverythingIsAdded() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "a")
        let workspace = try fixture.workspace()
        let git = MemorySourceControl(workTreeRoot: fixture.root)
        let diff = try DataDiffOperation(store: workspace.store).diff(revisions: [], workspace: workspace, sourceControl: git)
        #expect(diff.added.map(\.path) == ["a.csv"])
        #expect(diff.deleted.isEmpty && diff.modified.isEmpty)
    }

    @Test func twoRevisionsAndOneRevisionAgainstTheWorkspace() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "a1")
        var git = MemorySourceControl(workTreeRoot: fixture.root)
        git.commit("c1", try fixture.pointerFiles())
        try fixture.project.trackFile("a.csv", "a2")
        git.commit("c2", try fixture.pointerFiles())
        try fixture.project.trackFile("b.csv", "b")
        let workspace = try fixture.workspace()
        let operation = DataDiffOperation(store: workspace.store)

        let between = try operation.diff(revisions: ["c1", "c2"], workspace: workspace, sourceControl: git)
        #expect(between.modified.map(\.path) == ["a.csv"] && between.added.isEmpty)
        let reversed = try operation.diff(revisions: ["c2", "c1"], workspace: workspace, sourceControl: git)
        #expect(reversed.modified.first?.new?.oid == HandmadeProject.oid(of: "a1"))
        let sinceC1 = try operation.diff(revisions: ["c1"], workspace: workspace, sourceControl: git)
        #expect(sinceC1.modified.map(\.path) == ["a.csv"] && sinceC1.added.map(\.path) == ["b.csv"])
        let same = try operation.diff(revisions: ["c2", "c2"], workspace: workspace, sourceControl: git)
        #expect(same.isEmpty)
        #expect(throws: DataListingError.self) {
            try operation.diff(revisions: ["c1", "nope"], workspace: workspace, sourceControl: git)
        }
    }

    @Test func modifiedDirectoryListsItsChangedFilesWhenBothManifestsAreCached() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackDirectory("images", files: ["a.jpg": "A", "b.jpg": "B", "keep.jpg": "K"])
        var git = MemorySourceControl(workTreeRoot: fixture.root)
        git.commit("c1", try fixture.pointerFiles())
        try FileManager.default.removeItem(atPath: fixture.root + "/images")
        try fixture.project.trackDirectory("images", files: ["a.jpg": "A2", "keep.jpg": "K", "c/d.jpg": "D"])
        let workspace = try fixture.workspace()
        let diff = try DataDiffOperation(store: workspace.store).diff(revisions: ["c1"], workspace: workspace, sourceControl: git)
        let change = try #require(diff.modified.first)
        #expect(change.isDirectory && change.path == "images")
        #expect(change.old?.nfiles == 3 && change.new?.nfiles == 3)
        let files = try #require(change.files)
        #expect(files.added.map(\.path) == ["images/c/d.jpg"])
        #expect(files.deleted.map(\.path) == ["images/b.jpg"])
        #expect(files.modified.map(\.path) == ["images/a.jpg"])
        #expect(files.modified[0].old?.oid == HandmadeProject.oid(of: "A"))
        #expect(change.missingManifests.isEmpty)
    }

    @Test func modifiedDirectoryWithoutItsOldManifestNamesTheMissingOne() throws {
        let fixture = try ListingFixture()
        let oldOID = try fixture.project.trackDirectory("images", files: ["a.jpg": "A"])
        var git = MemorySourceControl(workTreeRoot: fixture.root)
        git.commit("c1", try fixture.pointerFiles())
        try fixture.project.trackDirectory("images", files: ["a.jpg": "A2"])
        let workspace = try fixture.workspace()
        try workspace.store.remove(try #require(ObjectID(oldOID)))
        let diff = try DataDiffOperation(store: workspace.store).diff(revisions: ["c1"], workspace: workspace, sourceControl: git)
        let change = try #require(diff.modified.first)
        #expect(change.files == nil)
        #expect(change.missingManifests == [oldOID])
    }

    @Test func execBitChangeInsideADirectoryIsAModification() {
        let digest = ContentHasher.blake3().hash(Array("x".utf8))
        let old = try! Manifest(entries: [Manifest.Entry(oid: digest, relpath: "run.sh", size: 1)])
        let new = try! Manifest(entries: [Manifest.Entry(oid: digest, relpath: "run.sh", size: 1, isexec: true)])
        let diff = DataDiffOperation.diff(old, new, under: "tools")
        #expect(diff.modified.map(\.path) == ["tools/run.sh"])
    }

    @Test func jsonHasTheFourListsAndNullsWhereASideIsAbsent() throws {
        let diff = DataDiff(
            added: [DataDiff.Change(path: "b", old: nil, new: DataDiff.Side(oid: "o2", size: 2))],
            deleted: [],
            modified: [DataDiff.Change(path: "a", old: DataDiff.Side(oid: "o1.dir", size: 1, nfiles: 1),
                                       new: DataDiff.Side(oid: "o3.dir", size: 3, nfiles: 2))])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(diff), as: UTF8.self)
        #expect(text == #"{"added":[{"files":null,"new":{"nfiles":null,"oid":"o2","size":2},"old":null,"path":"b","type":"file"}],"#
            + #""deleted":[],"modified":[{"files":null,"new":{"nfiles":2,"oid":"o3.dir","size":3},"#
            + #""old":{"nfiles":1,"oid":"o1.dir","size":1},"path":"a","type":"dir"}],"renamed":[]}"#)
    }
}
