import Foundation
import MLXCore
import MLXTestSupport
import Testing

@Suite struct MemoryRemoteTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func followsTheRemoteRules(_ check: RemoteConformance.Case) throws {
        let remote = MemoryRemote()
        try RemoteConformance.run(check, on: remote, faults: RemoteConformance.Faults(corrupt: { _, key in remote.corrupt(key) }))
    }

    @Test func failsTheChosenCallOnly() throws {
        let remote = MemoryRemote()
        remote.store([1, 2, 3], at: "k")
        remote.failCall(.size, number: 2)
        #expect(try remote.size(of: "k") == 3)
        let error = #expect(throws: RemoteError.self) { _ = try remote.size(of: "k") }
        #expect(error?.kind == .retryable)
        #expect(try remote.size(of: "k") == 3)
        #expect(remote.callCount(.size) == 3)
    }

    @Test func failsAKeyAGivenNumberOfTimes() throws {
        let folder = TemporaryDirectory()
        let source = try folder.write("a", "abc")
        let remote = MemoryRemote()
        remote.failKey("k", times: 2, with: .permanent)
        for _ in 0..<2 {
            let error = #expect(throws: RemoteError.self) { try remote.upload(source, size: 3, to: "k") }
            #expect(error?.kind == .permanent)
        }
        try remote.upload(source, size: 3, to: "k")
        #expect(remote.uploadOrder == ["k"])
    }

    @Test func corruptionChangesBytesButNotPresence() throws {
        let remote = MemoryRemote()
        remote.store([1, 2, 3], at: "k")
        remote.corrupt("k")
        #expect(remote.contents(of: "k") != [1, 2, 3])
        #expect(try remote.size(of: "k") == 3)
    }
}
