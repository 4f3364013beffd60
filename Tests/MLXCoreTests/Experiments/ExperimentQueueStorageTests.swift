import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct ExperimentQueueStorageTests {
    let folder = TemporaryDirectory("mlx-queue")

    var queue: ExperimentQueue { ExperimentQueue(project: Project(root: folder.path)) }

    @Test func entriesRoundTripOldestFirstAndTheFolderIgnoresItselfInGit() throws {
        var late = QueueEntry(name: "late", baseline: String(repeating: "a", count: 40), created: Date(timeIntervalSince1970: 2_000))
        late.state = .failed
        late.error = "stage 'train' failed"
        let early = QueueEntry(name: "early", baseline: String(repeating: "b", count: 40), created: Date(timeIntervalSince1970: 1_000))
        try queue.write(late)
        try queue.write(early)
        #expect(try queue.entries() == [early, late])
        #expect(try queue.entry("late") == late)
        #expect(try queue.entry("missing") == nil)
        #expect(folder.bytes(".mlx/queue/.gitignore") == Array("*\n".utf8))
    }

    @Test func anUnreadableEntryIsNamedWithTheCommandThatRemovesIt() throws {
        try queue.makeDirectory()
        try folder.write(".mlx/queue/broken.json", "{not json")
        #expect(throws: ExperimentError("queue entry 'broken' is unreadable (\(queue.entryPath("broken")))",
                                        hint: "run 'mlx queue remove broken'")) {
            try queue.entry("broken")
        }
        #expect(try queue.entries().isEmpty, "listing skips it")
    }

    @Test func aRunningEntryIsAliveOnlyWhileItsProcessRuns() {
        var entry = QueueEntry(name: "x", baseline: String(repeating: "c", count: 40))
        entry.state = .running
        entry.pid = ProcessInfo.processInfo.processIdentifier
        entry.started = Date()
        #expect(ExperimentQueue.isAlive(entry))
        #expect(!ExperimentQueue.wasInterrupted(entry))
        #expect(ExperimentQueue.stateWord(entry) == "running")
        entry.pid = 4_000_000
        #expect(!ExperimentQueue.isAlive(entry))
        #expect(ExperimentQueue.wasInterrupted(entry))
        #expect(ExperimentQueue.stateWord(entry) == "interrupted")
        #expect(QueueRunner.isRunnable(entry), "an interrupted run runs again")
    }

    @Test func aPidReusedByALaterProcessDoesNotKeepAnEntryAlive() {
        var entry = QueueEntry(name: "x", baseline: String(repeating: "c", count: 40))
        entry.state = .running
        entry.pid = ProcessInfo.processInfo.processIdentifier
        entry.started = Date(timeIntervalSince1970: 1_000)
        #expect(!ExperimentQueue.isAlive(entry))
    }

    @Test func failedAndDoneEntriesAreNotRunAgain() {
        var entry = QueueEntry(name: "x", baseline: String(repeating: "c", count: 40))
        #expect(QueueRunner.isRunnable(entry))
        entry.state = .failed
        #expect(!QueueRunner.isRunnable(entry))
        entry.state = .done
        #expect(!QueueRunner.isRunnable(entry))
    }

    @Test func theProjectFolderIsFoundRelativeToTheWorkTree() {
        #expect(ExperimentQueuing.relativeRoot(of: "/r", in: "/r") == "")
        #expect(ExperimentQueuing.relativeRoot(of: "/r/sub/p", in: "/r") == "sub/p/")
        #expect(ExperimentQueuing.relativeRoot(of: "/rx", in: "/r") == "")
    }
}
