import Foundation
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXCore

/// `Project.withWriterLock`, the one door writers go through.
@Suite struct ProjectWriterLockTests {
    @Test func theBodyRunsUnderTheLockAndWhatTheWorkspaceLearntIsSavedAfter() throws {
        let fixture = try OperationFixture()
        let project = fixture.workspace.project
        let file = try fixture.directory.write("data.bin", "data\n")
        let indexPath = project.root + "/" + HashIndex.relativePath
        try project.withWriterLock(wait: 0, command: "mlx test", jobs: 1, linkTypes: { [.copy] }) { workspace in
            #expect(throws: LockError.self) { try ProjectLock(projectRoot: project.root).acquire(wait: 0, command: "another writer") }
            workspace.remember("data.bin", try FileStat(path: file), oid: Blake3.hash(Array("data\n".utf8)))
            #expect(!FileManager.default.fileExists(atPath: indexPath))
        }
        #expect(FileManager.default.fileExists(atPath: indexPath))
        let next = ProjectLock(projectRoot: project.root)
        try next.acquire(wait: 0, command: "the next writer")
        next.release()
    }

    @Test func aBodyThatThrowsLeavesTheLockFree() throws {
        let fixture = try OperationFixture()
        let project = fixture.workspace.project
        struct BodyFailed: Error {}
        #expect(throws: BodyFailed.self) {
            try project.withWriterLock(wait: 0, command: "mlx test") { throw BodyFailed() }
        }
        let next = ProjectLock(projectRoot: project.root)
        try next.acquire(wait: 0, command: "the next writer")
        next.release()
    }
}
