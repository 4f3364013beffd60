import MLXHash

/// A remote that can make many uploads durable together, for less than the cost of making
/// each one durable on its own (`LocalRemote`: one `syncfs` per batch instead of two `fsync`s
/// per object). Callers that upload many objects at once (push) use it when offered.
public protocol BatchUploadingRemote: Remote {
    /// Starts a batch whose uploads stay invisible until `commit`.
    func makeUploadBatch() -> any UploadBatch
}

/// Uploads staged on a remote and published together.
///
/// `upload` writes and checks an object (its size, as `Remote.upload` does) but does not make
/// it visible; `commit` makes every staged object durable, then visible under its key. A crash
/// at any point leaves each key absent or whole, never partial. Implementations may be used
/// from many threads at once.
public protocol UploadBatch: Sendable {
    /// Stages the local file `source` (`size` bytes) for `key`; with `digest`, checked as
    /// `Remote.upload(_:size:to:verifying:)` checks it, and never staged when it does not match.
    func upload(_ source: String, size: Int64, to key: String, verifying digest: Digest?) throws(RemoteError)

    /// Makes every staged upload durable and visible. On failure, keys already published stay
    /// (whole); the rest are discarded and the error says so.
    func commit() throws(RemoteError)

    /// Removes whatever was staged and not committed.
    func discard()
}

extension UploadBatch {
    /// Stages `source` for `key` without checking its content.
    public func upload(_ source: String, size: Int64, to key: String) throws(RemoteError) {
        try upload(source, size: size, to: key, verifying: nil)
    }
}
