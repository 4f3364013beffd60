import MLXCore
import MLXHash
import Synchronization

/// Another remote seen through a flaky link: the first `failuresPerOperation` calls of each
/// kind (size, download, upload, list) throw a retryable `RemoteError` before reaching it,
/// then every call goes through. For `RemoteConformance`'s retry case on remotes that have
/// no network to break.
public final class FlakyRemote: Remote {
    private let wrapped: any Remote
    private let failures = Mutex<[String: Int]>([:])
    private let failuresPerOperation: Int

    public init(wrapping remote: any Remote, failuresPerOperation: Int) {
        wrapped = remote
        self.failuresPerOperation = failuresPerOperation
    }

    public var displayName: String { wrapped.displayName }

    /// Throws for the first `failuresPerOperation` calls of `operation`.
    private func stumble(_ operation: String, key: String?) throws(RemoteError) {
        let fails = failures.withLock { counts in
            counts[operation, default: 0] += 1
            return counts[operation]! <= failuresPerOperation
        }
        if fails { throw RemoteError(.retryable, remote: displayName, key: key, message: "connection reset by peer (injected)") }
    }

    public func size(of key: String) throws(RemoteError) -> Int64? {
        try stumble("size", key: key)
        return try wrapped.size(of: key)
    }

    public func download(_ key: String, to destination: String) throws(RemoteError) {
        try stumble("download", key: key)
        try wrapped.download(key, to: destination)
    }

    public func upload(_ source: String, size: Int64, to key: String, verifying digest: Digest?) throws(RemoteError) {
        try stumble("upload", key: key)
        try wrapped.upload(source, size: size, to: key, verifying: digest)
    }

    public func list(prefix: String) throws(RemoteError) -> [RemoteObject] {
        try stumble("list", key: prefix)
        return try wrapped.list(prefix: prefix)
    }

    public func delete(_ key: String) throws(RemoteError) {
        try wrapped.delete(key)
    }

    public func holdsSameBytes(_ listed: RemoteObject, as path: String) -> Bool? {
        wrapped.holdsSameBytes(listed, as: path)
    }
}
