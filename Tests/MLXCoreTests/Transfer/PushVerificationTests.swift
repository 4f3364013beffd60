import Foundation
import MLXCore
import MLXTestSupport
import Testing

/// Push neither spreads a corrupt cache object nor keeps a damaged remote copy for good, and a
/// remote that stops answering ends it with one error (issue 10, points 5 and 10).
@Suite struct PushVerificationTests {
    /// A project with a directory of 6 files and a single file, and the oid of one directory file.
    private func project() throws -> (OperationFixture, dir: ObjectID, file: ObjectID) {
        let fixture = try OperationFixture()
        let dir = try fixture.add("data/d", Dictionary(uniqueKeysWithValues: (0..<6).map { ("data/d/f\($0)", content(500 + $0, seed: $0)) }))
        try fixture.add("data/one.bin", ["data/one.bin": content(4096, seed: 42)])
        let file = ObjectID(fixture.workspace.store.hasher.hash(content(502, seed: 2)))
        return (fixture, ObjectID(dir.oid)!, file)
    }

    /// Flips a byte of a cache object in place, same size, as bit rot would.
    private func rot(_ oid: ObjectID, in fixture: OperationFixture) throws {
        let path = fixture.workspace.store.path(for: oid)
        chmod(path, 0o644)
        var bytes = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        bytes[100] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func corruptCacheObjectIsQuarantinedNamedAndNotUploadedWhileTheRestGoUp() throws {
        let (fixture, dir, bad) = try project()
        try rot(bad, in: fixture)
        let remote = MemoryRemote()
        let report = try fixture.push(to: remote)
        let messages = report.errors.map { "\($0)" }
        #expect(messages.first?.hasPrefix("data/d/f2: object \(bad.string) in the cache is corrupt (") == true, "\(messages)")
        #expect(messages.first?.hasSuffix("; moved to the quarantine, not pushed") == true, "\(messages)")
        // The other 6 objects went up; the directory's manifest waits for its missing file.
        #expect(report.pushed == 6)
        #expect(try remote.size(of: ObjectStore.key(for: bad)) == nil)
        #expect(try remote.size(of: ObjectStore.key(for: dir)) == nil)
        #expect(messages.contains { $0.contains("directory not pushed: 1 of its files is not on the remote") })
        #expect(!fixture.workspace.store.contains(bad))
        #expect(FileManager.default.fileExists(atPath: fixture.workspace.store.quarantineRoot + "/" + bad.string))
    }

    @Test func verifyReplacesADamagedRemoteCopyAndForceReplacesAll() throws {
        let (fixture, _, bad) = try project()
        let remote = MemoryRemote()
        #expect(try fixture.push(to: remote).errors.isEmpty)
        remote.corrupt(ObjectStore.key(for: bad))
        // Trusted by name and size, the damaged copy stays.
        let trusting = try fixture.push(to: remote)
        #expect(trusting.pushed == 0)

        let verifying = try PushOperation(workspace: fixture.workspace, remote: remote, queue: fixture.queue, sourceControl: nil,
                                          remoteCheck: .verify)
            .push(targets: [], scope: RevisionScope(workspace: true))
        #expect(verifying.errors.isEmpty)
        #expect(verifying.replacedOnRemote == 1)
        #expect(verifying.pushed == 1)
        #expect(remote.contents(of: ObjectStore.key(for: bad)) == content(502, seed: 2))

        let forcing = try PushOperation(workspace: fixture.workspace, remote: remote, queue: fixture.queue, sourceControl: nil,
                                        remoteCheck: .force)
            .push(targets: [], scope: RevisionScope(workspace: true))
        #expect(forcing.errors.isEmpty)
        #expect(forcing.pushed == 8)
        #expect(forcing.alreadyOnRemote == 0)
    }

    @Test func remoteThatStopsAnsweringEndsThePushWithOneError() throws {
        let fixture = try OperationFixture()
        try fixture.add("data/d", Dictionary(uniqueKeysWithValues: (0..<200).map { ("data/d/f\($0)", content(64, seed: $0)) }))
        let remote = MemoryRemote()
        // Up after the listing, then down for good.
        for call in 1...10_000 { remote.failCall(.upload, number: call) }
        let report = try fixture.push(to: remote)
        #expect(report.errors.count == 1)
        let error = try #require(report.errors.first as? RemoteUnavailableError)
        #expect(error.description.hasPrefix("remote 'memory' (memory) stopped answering ("), "\(error)")
        #expect(error.description.hasSuffix("; 201 objects not sent"), "\(error)")
        #expect(report.failed == 201)
        #expect(remote.callCount(.upload) < 100)
    }
}
