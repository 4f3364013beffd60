import Synchronization

/// Indices handed out to worker threads and the outputs they bring back, under one lock.
final class WorkQueue<Output: Sendable>: Sendable {
    private struct State {
        var next = 0
        var cancelled = false
        var outputs: [Output?]
    }

    private let state: Mutex<State>
    /// Number of work items.
    let count: Int

    init(count: Int) {
        self.count = count
        state = Mutex(State(outputs: Array(repeating: nil, count: count)))
    }

    /// The next unclaimed index, or `nil` when all are claimed or the work was cancelled.
    func claim() -> Int? {
        state.withLock { state in
            guard !state.cancelled, state.next < count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    /// Stops handing out indices; items already claimed still finish.
    func cancel() {
        state.withLock { $0.cancelled = true }
    }

    func store(_ output: Output, at index: Int) {
        state.withLock { $0.outputs[index] = output }
    }

    /// The outputs present from `start` on without a gap, removed from the queue.
    func takeReady(from start: Int) -> [Output] {
        state.withLock { state in
            var ready: [Output] = []
            var index = start
            while index < count, let output = state.outputs[index] {
                ready.append(output)
                state.outputs[index] = nil
                index += 1
            }
            return ready
        }
    }

    /// Every output, `nil` where an item never finished.
    func takeAll() -> [Output?] {
        state.withLock { state in
            defer { state.outputs = [] }
            return state.outputs
        }
    }
}
