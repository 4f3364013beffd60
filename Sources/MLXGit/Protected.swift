import Foundation

/// Holds a value that only one thread may use at a time.
///
/// libgit2 handles are not thread-safe, yet the types that own them are `Sendable`; every use
/// goes through `withLock`. `Synchronization.Mutex` would do the same but needs macOS 15, and the
/// package supports macOS 13, hence `NSLock` and the unchecked conformance that the lock justifies.
final class Protected<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private let value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(value)
    }
}
