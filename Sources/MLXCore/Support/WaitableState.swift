import Foundation

/// State behind a lock that threads can also wait on until it changes, which
/// `Synchronization.Mutex` cannot do: a transfer queue's parked workers sleep here until the
/// queue widens or ends, instead of polling.
final class WaitableState<State>: @unchecked Sendable {
    private let condition = NSCondition()
    private var state: State

    init(_ state: State) {
        self.state = state
    }

    /// Runs `body` with the state locked.
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        condition.lock()
        defer { condition.unlock() }
        return try body(&state)
    }

    /// Waits while `blocked` holds, then runs `body`, all under one lock. Whoever makes
    /// `blocked` false must call `wakeAll`.
    func withLock<Result>(waitingWhile blocked: (State) -> Bool, _ body: (inout State) throws -> Result) rethrows -> Result {
        condition.lock()
        defer { condition.unlock() }
        while blocked(state) { condition.wait() }
        return try body(&state)
    }

    /// Wakes every waiting thread to test its condition again.
    func wakeAll() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
