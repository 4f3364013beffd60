import Dispatch
import Foundation

/// Fixed-width thread fan-out for blocking work (file reads plus hashing). Dedicated threads
/// rather than Swift concurrency: the callers are synchronous, block in `read`, and must not
/// starve the cooperative pool of whoever calls them.
enum Workers {
    /// Runs `body` on `width` threads, the calling thread being one of them, and returns when
    /// every run has returned.
    static func run(width: Int, _ body: @escaping @Sendable () -> Void) {
        let finished = DispatchSemaphore(value: 0)
        for _ in 1..<max(1, width) {
            Thread {
                body()
                finished.signal()
            }.start()
        }
        body()
        for _ in 1..<max(1, width) { finished.wait() }
    }

    /// Starts `body` on `width` new threads and returns at once; `body` reports its own progress.
    static func start(width: Int, _ body: @escaping @Sendable () -> Void) {
        for _ in 0..<width { Thread(block: body).start() }
    }
}
