import Foundation
import Synchronization
import Testing
@testable import MLXHash

@Suite struct ThreadGroupTests {
    /// Stands for a remote whose last reference closes network sessions: it must go on the
    /// thread that joined, not on a worker racing the process's exit.
    private final class Captured: Sendable {
        let onRelease: @Sendable (pthread_t) -> Void

        init(onRelease: @escaping @Sendable (pthread_t) -> Void) {
            self.onRelease = onRelease
        }

        deinit { onRelease(pthread_self()) }
    }

    /// A body whose closure is the only owner of `captured`.
    private static func touching(_ captured: Captured) -> @Sendable (Int) -> Void {
        { _ in
            usleep(100)
            _ = captured.onRelease
        }
    }

    @Test func whatTheBodiesCapturedIsReleasedBeforeJoinReturnsOnTheJoiningThread() {
        for _ in 0..<50 {
            let releasedOn = Mutex<pthread_t?>(nil)
            // No local keeps the object: once this statement ends, the threads' bodies own it.
            let group = ThreadGroup(count: 4, Self.touching(Captured { thread in releasedOn.withLock { $0 = thread } }))
            group.join()
            let thread = releasedOn.withLock { $0 }
            #expect(thread.map { pthread_equal($0, pthread_self()) != 0 } == true,
                    "the captured object was released on a worker thread, or not yet")
        }
    }

    @Test func everyIndexRunsOnceAndRunLeavesIndexZeroToTheCaller() {
        let seen = Mutex<[Int: Int]>([:])
        let caller = pthread_self()
        let zeroOnCaller = Mutex(false)
        ThreadGroup.run(count: 6) { index in
            seen.withLock { $0[index, default: 0] += 1 }
            if index == 0 { zeroOnCaller.withLock { $0 = pthread_equal(pthread_self(), caller) != 0 } }
        }
        #expect(seen.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<6).map { ($0, 1) }))
        #expect(zeroOnCaller.withLock { $0 })
    }
}
