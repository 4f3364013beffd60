import Foundation

/// How many bytes of a file another thread has written so far, for hashing a file while it is
/// still being written (`FileHasher.hash(openFile:size:name:whileWriting:)`): each hashing
/// thread waits here until the piece it claimed is complete.
final class WrittenLength: @unchecked Sendable {
    // Sound as Sendable: every field is read and written under `condition`.
    private let condition = NSCondition()
    private var length = 0
    private var finished = false

    /// `length` bytes from the start of the file are written.
    func publish(_ length: Int) {
        condition.lock()
        self.length = max(self.length, length)
        condition.broadcast()
        condition.unlock()
    }

    /// No more bytes will come (the writer finished or failed).
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the first `end` bytes are written; `false` when writing ended before.
    func wait(for end: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while length < end && !finished { condition.wait() }
        return length >= end
    }
}
