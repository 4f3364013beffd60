import Dispatch
import Synchronization

/// Runs blocking work (file copies, links, reads) on a fixed number of threads.
enum BoundedParallel {
    /// Calls `body(i)` for every `i` in `0..<count`, at most `width` at once, handing out
    /// indices one at a time so one slow item does not hold up a whole share. Errors are
    /// collected by index; one failure does not stop the rest.
    static func forEach(_ count: Int, width: Int, _ body: @Sendable (Int) throws -> Void) -> [Int: any Error] {
        guard count > 0 else { return [:] }
        let next = Atomic<Int>(0)
        let failures = Mutex<[Int: any Error]>([:])
        DispatchQueue.concurrentPerform(iterations: min(max(1, width), count)) { _ in
            while true {
                let item = next.add(1, ordering: .relaxed).oldValue
                if item >= count { return }
                do { try body(item) } catch { failures.withLock { $0[item] = error } }
            }
        }
        return failures.withLock { $0 }
    }
}
