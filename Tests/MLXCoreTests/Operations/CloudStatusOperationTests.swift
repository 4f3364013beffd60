import Foundation
import MLXCore
import MLXTestSupport
import Testing

@Suite struct CloudStatusOperationTests {
    @Test func saysWhereEachOutputIsMissing() throws {
        let fixture = try OperationFixture()
        try fixture.add("data/pushed.bin", ["data/pushed.bin": content(10, seed: 1)])
        let remote = MemoryRemote()
        _ = try fixture.push(to: remote)
        try fixture.add("data/local.bin", ["data/local.bin": content(10, seed: 2)])
        try fixture.add("data/d", ["data/d/a": content(5, seed: 3), "data/d/b": content(6, seed: 4)])
        _ = try fixture.push(to: remote, targets: ["data/d"])
        // Lose one file of the directory from the cache.
        let lost = ObjectID(fixture.workspace.store.hasher.hash(content(6, seed: 4)))
        chmod(fixture.workspace.store.path(for: lost), 0o644)
        _ = try fixture.workspace.store.remove(lost)

        let report = try CloudStatusOperation(workspace: fixture.workspace, remote: remote, queue: fixture.queue).status([])
        let states = Dictionary(uniqueKeysWithValues: report.entries.map { ($0.path, $0.state) })
        #expect(states == ["data/pushed.bin": "up to date", "data/local.bin": "missing on remote", "data/d": "missing locally"])
        #expect(!report.isClean)
    }
}
