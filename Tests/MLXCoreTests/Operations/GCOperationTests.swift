import Foundation
import MLXCore
import MLXTestSupport
import Testing

@Suite struct GCOperationTests {
    @Test func refusesWithoutAScope() throws {
        let fixture = try OperationFixture()
        #expect(throws: TrackingError.self) { _ = try GCOperation(workspace: fixture.workspace, sourceControl: nil).plan(scope: RevisionScope(), cloud: false) }
    }

    @Test func deletesOnlyWhatTheWorkspaceNoLongerNamesManifestsFirst() throws {
        let fixture = try OperationFixture()
        try fixture.add("data/d", ["data/d/a": content(5, seed: 1), "data/d/b": content(6, seed: 2)])
        let oldDir = try ObjectID(AddOperation(workspace: fixture.workspace).add([fixture.directory.appending("data/d")])[0].oid)!
        try fixture.add("data/f", ["data/f": content(7, seed: 3)])
        let remote = MemoryRemote()
        _ = try fixture.push(to: remote)
        // A new version of the directory and of the file: the old ones become garbage.
        let newDir = try fixture.add("data/d", ["data/d/a": content(5, seed: 1), "data/d/b": content(9, seed: 9)])
        try fixture.add("data/f", ["data/f": content(8, seed: 4)])
        _ = try fixture.push(to: remote)

        let gc = GCOperation(workspace: fixture.workspace, sourceControl: nil, remote: remote, queue: fixture.queue)
        let plan = try gc.plan(scope: RevisionScope(workspace: true), cloud: true)
        let oldFile = ObjectID(fixture.workspace.store.hasher.hash(content(7, seed: 3)))
        let oldB = ObjectID(fixture.workspace.store.hasher.hash(content(6, seed: 2)))
        #expect(plan.local.map(\.oid) == [oldDir] + [oldFile, oldB].sorted())
        #expect(plan.remote.map(\.oid) == plan.local.map(\.oid))
        let report = gc.execute(plan)
        #expect(report.errors.isEmpty)
        #expect(report.deletedLocally == 3 && report.deletedOnRemote == 3)
        #expect(fixture.workspace.store.contains(ObjectID(newDir.oid)!))
        #expect(remote.keys.count == 4)
        #expect(try gc.plan(scope: RevisionScope(workspace: true), cloud: true).isEmpty)
    }

    @Test func aRemoteThatStopsAnsweringEndsTheCloudDeletesWithOneError() throws {
        let fixture = try OperationFixture()
        let old = Dictionary(uniqueKeysWithValues: (0..<20).map { ("data/d/f\($0)", content(50 + $0, seed: $0)) })
        try fixture.add("data/d", old)
        let remote = MemoryRemote()
        _ = try fixture.push(to: remote)
        try FileManager.default.removeItem(atPath: fixture.directory.appending("data/d"))
        try fixture.add("data/d", ["data/d/new": content(10, seed: 99)])
        _ = try fixture.push(to: remote)
        for bytes in old.values {
            remote.failKey(ObjectStore.key(for: ObjectID(fixture.workspace.store.hasher.hash(bytes))), on: [.delete])
        }
        let gc = GCOperation(workspace: fixture.workspace, sourceControl: nil, remote: remote, queue: fixture.queue)
        let report = gc.execute(try gc.plan(scope: RevisionScope(workspace: true), cloud: true))
        #expect(report.deletedOnRemote == 1)
        #expect(report.errors.count == 1)
        let error = try #require(report.errors.first as? RemoteUnavailableError)
        #expect(error.description.hasSuffix("; 20 objects not deleted"), "\(error)")
    }

    @Test func refusesWhenADirectorysManifestIsUnknown() throws {
        let fixture = try OperationFixture()
        let dir = try fixture.add("data/d", ["data/d/a": content(5, seed: 1)])
        let manifest = ObjectID(dir.oid)!
        chmod(fixture.workspace.store.path(for: manifest), 0o644)
        _ = try fixture.workspace.store.remove(manifest)
        let gc = GCOperation(workspace: fixture.workspace, sourceControl: nil)
        let error = #expect(throws: GCRefusal.self) { _ = try gc.plan(scope: RevisionScope(workspace: true), cloud: false) }
        #expect(error?.message.contains("cannot tell which files data/d uses") == true)
        #expect(fixture.cachedObjects.count == 1)
    }
}
