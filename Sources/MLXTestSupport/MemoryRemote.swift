import Foundation
import MLXCore
import MLXHash
import Synchronization

/// A remote held in memory, for tests: it follows every rule of `Remote` and lets a test make
/// it misbehave on purpose (fail chosen calls, corrupt stored bytes) and see the order in which
/// objects arrived.
public final class MemoryRemote: Remote {
    /// The calls a test can make fail.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        case size, download, upload, list, delete
    }

    private struct State {
        var objects: [String: [UInt8]] = [:]
        var calls: [Operation: Int] = [:]
        /// Failures by operation and 1-based call number.
        var scheduled: [Operation: [Int: RemoteError.Kind]] = [:]
        /// Failures for a key: how many more calls of which operations touching it fail, and how.
        var keyFaults: [String: (remaining: Int, kind: RemoteError.Kind, operations: Set<Operation>)] = [:]
        var uploadOrder: [String] = []
        /// Seconds every call takes, so that a test can see how many overlap.
        var callDuration: Double = 0
        var callsInProgress = 0
        var peakCallsInProgress = 0
    }

    private let state = Mutex(State())
    public let displayName: String
    /// Whether a transfer queue made for it adapts its width, as for S3 (see `Remote`).
    public let adaptsConcurrency: Bool

    public init(name: String = "memory", adaptsConcurrency: Bool = false) {
        displayName = "'\(name)' (memory)"
        self.adaptsConcurrency = adaptsConcurrency
    }

    // MARK: Knobs for tests

    /// Makes the `call`-th call of `operation` since this remote was made (1-based, failed
    /// calls included) throw `kind`.
    public func failCall(_ operation: Operation, number call: Int, with kind: RemoteError.Kind = .retryable) {
        state.withLock { $0.scheduled[operation, default: [:]][call] = kind }
    }

    /// Makes the next `times` calls of `operations` that touch `key` throw `kind`.
    public func failKey(_ key: String, times: Int = Int.max, with kind: RemoteError.Kind = .retryable,
                        on operations: Set<Operation> = [.size, .download, .upload, .delete]) {
        state.withLock { $0.keyFaults[key] = (times, kind, operations) }
    }

    /// Makes every call take `seconds`, so that calls a queue runs side by side overlap and
    /// `peakCallsInProgress` tells how wide it went.
    public func slowDown(to seconds: Double) {
        state.withLock { $0.callDuration = seconds }
    }

    /// The most calls that were ever in progress at once.
    public var peakCallsInProgress: Int {
        state.withLock { $0.peakCallsInProgress }
    }

    /// Flips one byte of the stored object (or appends one to an empty object), as a disk or a
    /// careless user might, without changing what `list` says about its presence.
    public func corrupt(_ key: String) {
        state.withLock { state in
            guard var bytes = state.objects[key] else { return }
            if bytes.isEmpty { bytes = [0x2A] } else { bytes[bytes.count / 2] ^= 0xFF }
            state.objects[key] = bytes
        }
    }

    /// Stores `bytes` at `key` directly, bypassing the upload path and its counters.
    public func store(_ bytes: [UInt8], at key: String) {
        state.withLock { $0.objects[key] = bytes }
    }

    /// The stored bytes at `key`, if any.
    public func contents(of key: String) -> [UInt8]? {
        state.withLock { $0.objects[key] }
    }

    /// Every stored key, sorted.
    public var keys: [String] {
        state.withLock { $0.objects.keys.sorted() }
    }

    /// Keys in the order their uploads completed successfully (repeats included).
    public var uploadOrder: [String] {
        state.withLock { $0.uploadOrder }
    }

    /// How many times `operation` was called, failures included.
    public func callCount(_ operation: Operation) -> Int {
        state.withLock { $0.calls[operation, default: 0] }
    }

    // MARK: Remote

    public func size(of key: String) throws(RemoteError) -> Int64? {
        try enter(.size, key: key)
        defer { leave() }
        return state.withLock { $0.objects[key].map { Int64($0.count) } }
    }

    public func download(_ key: String, to destination: String) throws(RemoteError) {
        try enter(.download, key: key)
        defer { leave() }
        guard let bytes = state.withLock({ $0.objects[key] }) else {
            throw RemoteError(.notFound, remote: displayName, key: key, message: "no such object")
        }
        let fd = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw localFailure("open", destination, key: key) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { raw -> Int in
            var offset = 0
            while offset < raw.count {
                let count = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                offset += count
            }
            return offset
        }
        if written < 0 { throw localFailure("write", destination, key: key) }
    }

    public func upload(_ source: String, size: Int64, to key: String, verifying digest: Digest?) throws(RemoteError) {
        try enter(.upload, key: key)
        defer { leave() }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw RemoteError(.permanent, remote: displayName, key: key, message: "cannot read \(source)")
        }
        guard Int64(data.count) == size else {
            throw RemoteError(.permanent, remote: displayName, key: key,
                              message: "\(source) holds \(data.count) bytes, expected \(size); nothing was stored")
        }
        if let digest, case let actual = Blake3.hash(Array(data)), actual != digest {
            throw RemoteError(.corruptSource, remote: displayName, key: key,
                              message: "\(source) hashes to \(actual.hex), not to its name; nothing was stored")
        }
        state.withLock { state in
            state.objects[key] = Array(data)
            state.uploadOrder.append(key)
        }
    }

    public func list(prefix: String) throws(RemoteError) -> [RemoteObject] {
        try enter(.list, key: nil)
        defer { leave() }
        return state.withLock { state in
            state.objects.filter { $0.key.hasPrefix(prefix) }.map { RemoteObject(key: $0.key, size: Int64($0.value.count)) }
        }
    }

    /// Compares the held bytes with the file's, without counting a call: what a folder remote does.
    public func holdsSameBytes(_ listed: RemoteObject, as path: String) -> Bool? {
        guard let local = FileManager.default.contents(atPath: path) else { return false }
        return state.withLock { $0.objects[listed.key] } == Array(local)
    }

    public func delete(_ key: String) throws(RemoteError) {
        try enter(.delete, key: key)
        defer { leave() }
        _ = state.withLock { $0.objects.removeValue(forKey: key) }
    }

    /// Counts the call, takes `callDuration`, and throws the fault scheduled for it, if any.
    /// Unless it throws, the call is in progress until `leave()`.
    private func enter(_ operation: Operation, key: String?) throws(RemoteError) {
        let duration = state.withLock { state in
            state.callsInProgress += 1
            state.peakCallsInProgress = max(state.peakCallsInProgress, state.callsInProgress)
            return state.callDuration
        }
        if duration > 0 { Thread.sleep(forTimeInterval: duration) }
        let fault: RemoteError.Kind? = state.withLock { state in
            let number = state.calls[operation, default: 0] + 1
            state.calls[operation] = number
            if let kind = state.scheduled[operation]?.removeValue(forKey: number) { return kind }
            if let key, let fault = state.keyFaults[key], fault.remaining > 0, fault.operations.contains(operation) {
                state.keyFaults[key]?.remaining = fault.remaining == Int.max ? Int.max : fault.remaining - 1
                return fault.kind
            }
            return nil
        }
        if let fault {
            leave()
            throw RemoteError(fault, remote: displayName, key: key,
                              message: "injected \(fault) failure of \(operation.rawValue) call")
        }
    }

    private func leave() {
        state.withLock { $0.callsInProgress -= 1 }
    }

    private func localFailure(_ call: String, _ path: String, key: String) -> RemoteError {
        RemoteError(.permanent, remote: displayName, key: key, message: "\(call) \(path) failed: \(String(cString: strerror(errno)))",
                    localErrorCode: errno)
    }
}
