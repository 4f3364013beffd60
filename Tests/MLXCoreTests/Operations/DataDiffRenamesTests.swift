import Foundation
import Testing
@testable import MLXCore

@Suite struct DataDiffRenamesTests {
    func side(_ oid: String) -> DataDiff.Side { DataDiff.Side(oid: oid, size: 1) }

    @Test func aDeletedPathWhoseContentWasAddedElsewhereBecomesOneRename() {
        let diff = DataDiff(
            added: [DataDiff.Change(path: "b", old: nil, new: side("o1")),
                    DataDiff.Change(path: "c", old: nil, new: side("o2"))],
            deleted: [DataDiff.Change(path: "a", old: side("o1"), new: nil),
                      DataDiff.Change(path: "d", old: side("o3"), new: nil)],
            modified: []
        ).pairingRenames()
        #expect(diff.renamed.map(\.path) == ["b"])
        #expect(diff.renamed.first?.renamedFrom == "a")
        #expect(diff.renamed.first?.old?.oid == "o1" && diff.renamed.first?.new?.oid == "o1")
        #expect(diff.added.map(\.path) == ["c"])
        #expect(diff.deleted.map(\.path) == ["d"])
    }

    @Test func pathsSharingAnOidPairInPathOrderAndTheRestStay() {
        let diff = DataDiff(
            added: ["y", "x", "z"].map { DataDiff.Change(path: $0, old: nil, new: side("same")) },
            deleted: ["b", "a"].map { DataDiff.Change(path: $0, old: side("same"), new: nil) },
            modified: []
        ).pairingRenames()
        #expect(diff.renamed.map { "\($0.renamedFrom!)->\($0.path)" } == ["a->x", "b->y"])
        #expect(diff.added.map(\.path) == ["z"] && diff.deleted.isEmpty)
    }

    @Test func filesInsideADirectoryThatMovedAreRenames() throws {
        let a = ContentHasher.blake3().hash(Array("A".utf8)), b = ContentHasher.blake3().hash(Array("B".utf8))
        let old = try Manifest(entries: [Manifest.Entry(oid: a, relpath: "a.jpg", size: 1),
                                         Manifest.Entry(oid: b, relpath: "b.jpg", size: 1)])
        let new = try Manifest(entries: [Manifest.Entry(oid: a, relpath: "sub/a.jpg", size: 1),
                                         Manifest.Entry(oid: b, relpath: "b.jpg", size: 1)])
        let diff = DataDiffOperation.diff(old, new, under: "images")
        #expect(diff.renamed.map(\.path) == ["images/sub/a.jpg"])
        #expect(diff.renamed.first?.renamedFrom == "images/a.jpg")
        #expect(diff.added.isEmpty && diff.deleted.isEmpty && diff.modified.isEmpty)
    }

    @Test func restrictingToAPathInsideADirectoryKeepsOnlyItsFiles() {
        let files = DataDiff(added: [DataDiff.Change(path: "d/x/1", old: nil, new: side("o1")),
                                     DataDiff.Change(path: "d/y/2", old: nil, new: side("o2"))],
                             deleted: [], modified: [])
        let diff = DataDiff(
            added: [DataDiff.Change(path: "e", old: nil, new: side("o3"))], deleted: [],
            modified: [DataDiff.Change(path: "d", old: DataDiff.Side(oid: "o4.dir", size: 1, nfiles: 1),
                                       new: DataDiff.Side(oid: "o5.dir", size: 2, nfiles: 2), files: files)],
            renamed: [DataDiff.Change(path: "f", old: side("o6"), new: side("o6"), renamedFrom: "g")])
        let inside = diff.restricted(to: ["d/x"])
        #expect(inside.added.isEmpty && inside.renamed.isEmpty)
        #expect(inside.modified.first?.files?.added.map(\.path) == ["d/x/1"])
        #expect(diff.restricted(to: ["d"]).modified.first?.files?.added.count == 2)
        #expect(diff.restricted(to: ["g"]).renamed.map(\.path) == ["f"])
        #expect(diff.restricted(to: []) == diff)
        #expect(diff.restricted(to: ["dd"]).isEmpty)
    }

    @Test func aRenameIsEncodedWithOldAndNewPaths() throws {
        let diff = DataDiff(added: [], deleted: [], modified: [],
                            renamed: [DataDiff.Change(path: "new", old: side("o1"), new: side("o1"), renamedFrom: "old")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(diff), as: UTF8.self)
        #expect(text == #"{"added":[],"deleted":[],"modified":[],"renamed":[{"files":null,"#
            + #""new":{"nfiles":null,"oid":"o1","size":1},"old":{"nfiles":null,"oid":"o1","size":1},"#
            + #""path":{"new":"new","old":"old"},"type":"file"}]}"#)
    }
}
