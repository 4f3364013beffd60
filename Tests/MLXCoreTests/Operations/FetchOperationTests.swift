import Foundation
import MLXCore
import MLXTestSupport
import Testing

@Suite struct FetchOperationTests {
    private func pushedProject() throws -> (OperationFixture, MemoryRemote, AddOperation.Result) {
        let fixture = try OperationFixture()
        let dir = try fixture.add("data/d", Dictionary(uniqueKeysWithValues: (0..<6).map { ("data/d/sub/f\($0)", content(300 + $0, seed: $0)) }))
        try fixture.add("data/one.bin", ["data/one.bin": content(4096, seed: 42)])
        let remote = MemoryRemote()
        #expect(try fixture.push(to: remote).errors.isEmpty)
        return (fixture, remote, dir)
    }

    @Test func pullIntoACloneGivesIdenticalBytes() throws {
        let (fixture, remote, _) = try pushedProject()
        let clone = try fixture.cloneOfPointers()
        let report = try clone.pull(from: remote)
        #expect(report.errors.isEmpty)
        #expect(report.fetch.fetched == 8)
        for index in 0..<6 {
            #expect(clone.directory.bytes("data/d/sub/f\(index)") == content(300 + index, seed: index))
        }
        #expect(clone.directory.bytes("data/one.bin") == content(4096, seed: 42))
        #expect(clone.strayCacheFiles.isEmpty)
    }

    @Test func manifestsComeFirstThenTheirFiles() throws {
        let (fixture, remote, dir) = try pushedProject()
        let clone = try fixture.cloneOfPointers()
        let counter = MemoryRemote()
        for key in remote.keys { counter.store(remote.contents(of: key)!, at: key) }
        // The manifest's download is the first: make it fail once, and the files still arrive.
        counter.failCall(.download, number: 1)
        let report = try clone.fetch(from: counter)
        #expect(report.errors.isEmpty)
        #expect(report.retries == 1)
        #expect(clone.workspace.store.contains(ObjectID(dir.oid)!))
        #expect(clone.cachedObjects.count == 8)
    }

    @Test func corruptObjectIsRefusedNamedAndKeptOutOfTheCacheWhileTheRestIsCheckedOut() throws {
        let (fixture, remote, _) = try pushedProject()
        let clone = try fixture.cloneOfPointers()
        let oid = ObjectID(fixture.workspace.store.hasher.hash(content(302, seed: 2)))
        remote.corrupt(ObjectStore.key(for: oid))
        let report = try clone.pull(from: remote)
        #expect(report.fetch.failed == 1)
        let message = report.errors.map { "\($0)" }.joined(separator: "\n")
        #expect(message.contains("data/d/sub/f2"))
        #expect(message.contains("downloaded object \(oid.string) is corrupt"))
        #expect((report.errors.first as? CacheError)?.hint?.contains("'mlx push --verify' replaces it") == true)
        // One error for the one bad object: the directory that needs it is named apart.
        #expect(report.errors.count == 1)
        #expect(report.notCheckedOut == ["data/d"])
        #expect(!clone.workspace.store.contains(oid))
        #expect(clone.strayCacheFiles.isEmpty)
        // Everything else was checked out; the directory that needs the bad object was left alone.
        #expect(clone.directory.bytes("data/one.bin") == content(4096, seed: 42))
        #expect(!clone.directory.exists("data/d"))
    }

    @Test func missingOnRemoteIsCountedAndNamed() throws {
        let (fixture, remote, _) = try pushedProject()
        let clone = try fixture.cloneOfPointers()
        let oid = ObjectID(fixture.workspace.store.hasher.hash(content(4096, seed: 42)))
        try remote.delete(ObjectStore.key(for: oid))
        let report = try clone.fetch(from: remote)
        #expect(report.missingOnRemote == 1)
        #expect(report.fetched == 7)
        #expect(report.errors.map { "\($0)" } == ["data/one.bin: object \(oid.string) is missing on remote 'memory' (memory)"])
    }

    @Test func wrongSizeInAPointerIsBlamedOnThePointerNotTheRemote() throws {
        let (fixture, remote, _) = try pushedProject()
        let clone = try fixture.cloneOfPointers()
        let pointer = try #require(clone.directory.bytes("data/one.bin.mlx")).map { $0 }
        let edited = String(decoding: pointer, as: UTF8.self).replacingOccurrences(of: "size: 4096", with: "size: 4000")
        #expect(edited != String(decoding: pointer, as: UTF8.self))
        try clone.directory.write("data/one.bin.mlx", edited)
        let oid = ObjectID(fixture.workspace.store.hasher.hash(content(4096, seed: 42)))
        let report = try clone.pull(from: remote)
        #expect(report.fetch.failed == 1)
        let error = try #require(report.errors.first as? CacheError)
        #expect(report.errors.count == 1)
        #expect(error.description == "data/one.bin.mlx: records size 4000 for data/one.bin, but object \(oid.string) has 4096 bytes "
            + "and its content matches the oid: the pointer's size is wrong, not the remote's copy")
        #expect(error.hint == "correct 'size: 4096' in data/one.bin.mlx, or restore the pointer file from git")
        #expect(!"\(error)".contains("remote 'memory'") && error.hint?.contains("push") == false)
        // The directory, which needs nothing of it, was checked out.
        #expect(clone.directory.bytes("data/d/sub/f5") == content(305, seed: 5))
    }

    @Test func retryableFaultsStillFetchEverything() throws {
        let (fixture, remote, _) = try pushedProject()
        let clone = try fixture.cloneOfPointers()
        for call in [2, 3, 5, 6] { remote.failCall(.download, number: call) }
        let report = try clone.pull(from: remote)
        #expect(report.errors.isEmpty)
        #expect(clone.directory.bytes("data/d/sub/f5") == content(305, seed: 5))
    }

    @Test func fetchSkipsWhatTheCacheHas() throws {
        let (fixture, remote, _) = try pushedProject()
        let report = try fixture.fetch(from: remote)
        #expect(report.fetched == 0)
        #expect(report.alreadyInCache == 8)
        #expect(remote.callCount(.download) == 0)
    }
}
