import Foundation
import Testing
@testable import MLXCore
import MLXTestSupport

/// A hand-made project in a fresh folder, with its workspace.
struct ListingFixture {
    let directory = TemporaryDirectory()
    let project: HandmadeProject

    init() throws {
        project = try HandmadeProject(root: directory.path)
    }

    var root: String { directory.path }

    func workspace() throws -> Workspace {
        try Workspace(project: Project(root: root), jobs: 2)
    }

    /// The current pointer files, keyed by project-relative path, as a commit would hold them.
    func pointerFiles(under prefix: String = "") throws -> [String: String] {
        var files: [String: String] = [:]
        for path in try workspace().allPointerPaths() {
            files[prefix + path] = try directory.read(path)
        }
        return files
    }
}

@Suite struct DataListingTests {
    @Test func workspaceListingIsSortedAndRestrictable() throws {
        let fixture = try ListingFixture()
        let trainOID = try fixture.project.trackFile("data/train.csv", "a,b\n1,2\n")
        let imagesOID = try fixture.project.trackDirectory("data/images", files: ["a.jpg": "A", "sub/b.jpg": "BB"])
        try fixture.project.trackFile("model.bin", "weights")
        let listing = try DataListing.workspace(try fixture.workspace())
        #expect(listing.outputs.map(\.dataPath) == ["data/images", "data/train.csv", "model.bin"])
        #expect(listing.output(at: "data/train.csv")?.output.oid == trainOID)
        #expect(listing.output(at: "data/images")?.output.oid == imagesOID)
        #expect(listing.output(at: "data/images")?.output.nfiles == 2)
        #expect(listing.restricted(to: "data").outputs.map(\.dataPath) == ["data/images", "data/train.csv"])
        #expect(listing.restricted(to: "data/images/sub").outputs.map(\.dataPath) == ["data/images"])
        #expect(listing.restricted(to: "data/train").outputs.isEmpty)
    }

    @Test func malformedWorkspacePointerNamesFileLineAndColumn() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "a")
        try fixture.project.write("b.csv.mlx", "outs:\n- path: b.csv\n  hash: blake3\n  oid: nothex\n  size: 1\n")
        let error = #expect(throws: PointerError.self) { try DataListing.workspace(try fixture.workspace()) }
        #expect(error?.file == "b.csv.mlx")
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("b.csv.mlx:4:") == true)
    }

    @Test func revisionListingReadsCommittedPointersOnly() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("data/train.csv", "v1")
        try fixture.project.trackDirectory("data/images", files: ["a.jpg": "A"])
        var git = MemorySourceControl(workTreeRoot: fixture.root)
        var files = try fixture.pointerFiles()
        // Not pointers of the project: a pointer inside a tracked directory, under .mlx, ignored.
        files["data/images/stray.jpg.mlx"] = "garbage"
        files[".mlx/x.mlx"] = "garbage"
        files["scratch/tmp.bin.mlx"] = "garbage"
        files[".mlxignore"] = "scratch/\n"
        files["README.md"] = "hello"
        git.commit("c1", files.mapValues { $0 })
        // The workspace moves on; the revision still says what it said.
        try fixture.project.trackFile("data/train.csv", "v2")
        try fixture.project.trackFile("new.csv", "n")

        let listing = try DataListing.revision("HEAD", project: Project(root: fixture.root), sourceControl: git)
        #expect(listing.state == .revision("HEAD"))
        #expect(listing.outputs.map(\.dataPath) == ["data/images", "data/train.csv"])
        #expect(listing.output(at: "data/train.csv")?.output.oid == HandmadeProject.oid(of: "v1"))
        #expect(listing.output(at: "data/train.csv")?.pointerPath == "data/train.csv.mlx")
    }

    @Test func projectInASubfolderOfTheWorkTree() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("data/train.csv", "v1")
        var git = MemorySourceControl(workTreeRoot: Syscall.directoryName(of: fixture.root))
        let prefix = Syscall.baseName(of: fixture.root) + "/"
        var files = try fixture.pointerFiles(under: prefix)
        files["elsewhere/other.csv.mlx"] = "not this project's"
        git.commit("c1", files)
        let listing = try DataListing.revision("c1", project: Project(root: fixture.root), sourceControl: git)
        #expect(listing.outputs.map(\.dataPath) == ["data/train.csv"])
    }

    @Test func malformedCommittedPointerNamesRevisionFileLineAndColumn() throws {
        let fixture = try ListingFixture()
        var git = MemorySourceControl(workTreeRoot: fixture.root)
        git.commit("c1", ["data/x.csv.mlx": "outs:\n- path: x.csv\n  hash: blake3\n  oid: 12\n  size: 1\n  colour: red\n"])
        let error = #expect(throws: PointerError.self) {
            try DataListing.revision("c1", project: Project(root: fixture.root), sourceControl: git)
        }
        #expect(error?.file == "c1:data/x.csv.mlx")
        #expect(error?.line == 4)
    }

    @Test func unknownRevisionIsAnErrorNamingItWithAHint() throws {
        let fixture = try ListingFixture()
        let git = MemorySourceControl(workTreeRoot: fixture.root)
        let error = #expect(throws: DataListingError.self) {
            try DataListing.revision("v9", project: Project(root: fixture.root), sourceControl: git)
        }
        #expect(error?.revision == "v9")
        #expect(error?.description == "unknown revision 'v9'")
        #expect(error?.hint?.contains("git rev-parse v9") == true)
    }

    @Test func recursiveListingUsesCachedManifestsAndSaysWhenOneIsMissing() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackDirectory("images", files: ["a.jpg": "A", "sub/b.jpg": "BB", "sub/c.jpg": "CCC"])
        try fixture.project.trackDirectory("masks", files: ["m.png": "M"], cacheManifest: false)
        try fixture.project.trackFile("labels.csv", "l")
        let workspace = try fixture.workspace()
        let operation = DataListingOperation(store: workspace.store)

        let flat = try operation.list(workspace: workspace, target: nil, recursive: false)
        #expect(flat.map(\.path) == ["images", "labels.csv", "masks"])
        #expect(flat.allSatisfy { $0.files == nil && $0.manifestInCache == nil })
        #expect(flat[0].nfiles == 3 && flat[0].size == 6 && flat[0].isDirectory)
        #expect(flat[1].nfiles == nil && !flat[1].isDirectory && flat[1].shortOID.count == 8)

        let deep = try operation.list(workspace: workspace, target: nil, recursive: true)
        #expect(deep[0].files?.map(\.path) == ["images/a.jpg", "images/sub/b.jpg", "images/sub/c.jpg"])
        #expect(deep[0].files?[1].oid == HandmadeProject.oid(of: "BB"))
        #expect(deep[0].manifestInCache == true)
        #expect(deep[2].files == nil && deep[2].manifestInCache == false)

        let inside = try operation.list(workspace: workspace, target: fixture.root + "/images/sub", recursive: true)
        #expect(inside.map(\.path) == ["images"])
        #expect(inside[0].files?.map(\.path) == ["images/sub/b.jpg", "images/sub/c.jpg"])
    }

    @Test func revisionListingOfAPathThatHoldsNothingIsAnError() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "a")
        var git = MemorySourceControl(workTreeRoot: fixture.root)
        git.commit("c1", try fixture.pointerFiles())
        let workspace = try fixture.workspace()
        let operation = DataListingOperation(store: workspace.store)
        let project = Project(root: fixture.root)
        let byPointer = try operation.list(revision: "c1", project: project, sourceControl: git,
                                           target: fixture.root + "/a.csv.mlx", recursive: false)
        #expect(byPointer.map(\.path) == ["a.csv"])
        let error = #expect(throws: DataListingError.self) {
            try operation.list(revision: "c1", project: project, sourceControl: git, target: fixture.root + "/b.csv", recursive: false)
        }
        #expect(error?.description == "b.csv: nothing is tracked there at revision 'c1'")
    }

    @Test func jsonHasStableKeys() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "a")
        try fixture.project.trackDirectory("d", files: ["x": "x"], cacheManifest: false)
        let workspace = try fixture.workspace()
        let entries = try DataListingOperation(store: workspace.store).list(workspace: workspace, target: nil, recursive: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(entries), as: UTF8.self)
        let fileOID = HandmadeProject.oid(of: "a")
        #expect(text.hasPrefix(#"[{"nfiles":null,"oid":"\#(fileOID)","path":"a.csv","pointer":"a.csv.mlx","size":1,"type":"file"},"#))
        #expect(text.contains(#""files":null,"manifest_in_cache":false,"nfiles":1,"#))
    }
}
