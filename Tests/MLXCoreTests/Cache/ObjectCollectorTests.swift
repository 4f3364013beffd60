import Foundation
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXCore

private func pointer(_ name: String, _ oid: String, size: Int64 = 1) -> String {
    PointerCodec.encode(Pointer(outs: [PointerOutput(path: name, oid: oid, size: size)]))
}

@Suite struct ObjectCollectorTests {
    let a = String(repeating: "a", count: 64)
    let b = String(repeating: "b", count: 64)
    let c = String(repeating: "c", count: 64)

    /// A project in `sub/` of the work tree, with one pointer on disk.
    private func workspace() throws -> (TemporaryDirectory, Workspace) {
        let directory = TemporaryDirectory()
        try directory.write("sub/.mlx/config", "")
        try directory.write("sub/data/x.mlx", pointer("x", a))
        return (directory, try Workspace(project: Project(root: directory.file("sub")), jobs: 1))
    }

    @Test func readsPointersAtRevisionsUnderTheProjectFolderOnly() throws {
        let (directory, workspace) = try workspace()
        var git = MemorySourceControl(workTreeRoot: directory.path, branches: ["r1", "r2"])
        git.commit("r1", ["sub/data/x.mlx": pointer("x", b), "other/y.mlx": pointer("y", c), "sub/.mlx/z.mlx": pointer("z", c)],
                   makeHead: false)
        git.commit("r2", ["sub/data/x.mlx": pointer("x", c), "sub/models/m.mlx": pointer("m", a)], makeHead: false)
        let collector = ObjectCollector(workspace: workspace, sourceControl: git)

        let all = try collector.outputs(targets: [], scope: RevisionScope(workspace: true, allBranches: true))
        #expect(all.errors.isEmpty)
        #expect(all.outputs.map(\.label) == ["data/x", "data/x (at r1)", "data/x (at r2)", "models/m (at r2)"])
        #expect(all.outputs.map(\.tracked.output.oid) == [a, b, c, a])

        let onlyGit = try collector.outputs(targets: [], scope: RevisionScope(revisions: ["r2"]))
        #expect(onlyGit.outputs.map(\.tracked.dataPath) == ["data/x", "models/m"])

        let targeted = try collector.outputs(targets: [directory.file("sub/models")], scope: RevisionScope(revisions: ["r1", "r2"]))
        #expect(targeted.outputs.map(\.label) == ["models/m (at r2)"])
    }

    @Test func aBrokenPointerInARevisionIsAnErrorBesideTheRest() throws {
        let (directory, workspace) = try workspace()
        var git = MemorySourceControl(workTreeRoot: directory.path)
        git.commit("r1", ["sub/bad.mlx": "outs: [", "sub/good.mlx": pointer("good", b)], makeHead: false)
        let result = try ObjectCollector(workspace: workspace, sourceControl: git).outputs(targets: [], scope: RevisionScope(revisions: ["r1"]))
        #expect(result.outputs.map(\.tracked.dataPath) == ["good"])
        #expect(result.errors.count == 1)
        #expect("\(result.errors[0])".contains("r1:sub/bad.mlx"))
    }

    @Test func revisionScopesNeedGit() throws {
        let (_, workspace) = try workspace()
        #expect(throws: TrackingError.self) {
            _ = try ObjectCollector(workspace: workspace, sourceControl: nil).outputs(targets: [], scope: RevisionScope(allTags: true))
        }
    }
}
