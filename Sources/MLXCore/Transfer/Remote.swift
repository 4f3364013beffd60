import MLXHash

/// A place that holds a copy of the cache: a folder or an S3-compatible bucket, with the same
/// layout as `.mlx/cache` (`files/blake3/<oid[0:2]>/<oid[2:]>`, run cache under `runs/`).
/// A remote is a plain mirror: no index file that could claim objects it does not have.
///
/// Keys are `/`-separated paths relative to the remote's root, e.g.
/// `files/blake3/48/8de2…fca8`. Implementations must make every upload atomic (the key appears
/// whole or not at all) and must never return partial content as success.
///
/// Errors: every method throws `RemoteError`. `.notFound` means the key does not exist (a
/// normal answer for `download`/`delete` callers to handle); `.retryable` means trying the same
/// call again may succeed (connection refused/reset, timeouts, HTTP 500, 503 SlowDown,
/// RequestTimeout); `.permanent` means it will not (wrong credentials, missing bucket, access
/// denied, a local file that cannot be read) and carries the server's code and message;
/// `.corruptSource` means an upload's local file did not hash to the digest it was to be
/// verified against, and nothing was stored. A failure writing a download's local destination
/// is `.permanent` with `localErrorCode` set: it is the local disk's fault, not the remote's.
/// Implementations do not retry themselves; the transfer queue does, with backoff.
public protocol Remote: Sendable {
    /// How messages name this remote: `'storage' (s3://bucket/prefix)`. Never holds a secret.
    var displayName: String { get }

    /// The size of the object at `key`, or nil when there is none.
    func size(of key: String) throws(RemoteError) -> Int64?

    /// The object at `key` with its size and, where the remote gives one, its entity tag (the
    /// `ETag` of an S3 or HTTP `HEAD`), or nil when there is none: what `import-url` records to
    /// see a source change.
    func describe(_ key: String) throws(RemoteError) -> RemoteObject?

    /// Writes the object at `key` into a new local file `destination` (which must not exist).
    /// On failure `destination` may be left behind partial: the caller owns and removes it.
    func download(_ key: String, to destination: String) throws(RemoteError)

    /// Stores the local file `source` (`size` bytes) at `key`, atomically, replacing what is
    /// there. With `digest`, the bytes are hashed as they are read for the upload (no second
    /// read where the adapter can help it) and the key is never published when they do not
    /// hash to `digest`: the upload fails with `.corruptSource`.
    func upload(_ source: String, size: Int64, to key: String, verifying digest: Digest?) throws(RemoteError)

    /// Every object whose key starts with `prefix`, with sizes, in any order.
    func list(prefix: String) throws(RemoteError) -> [RemoteObject]

    /// Deletes the object at `key`; deleting a missing key is not an error.
    func delete(_ key: String) throws(RemoteError)

    /// Whether the object `listed` (as `list` returned it) holds exactly the bytes of the small
    /// local file `path`, told without downloading it where the adapter can (a folder compares
    /// the files, S3 the listed ETag with the file's MD5); nil when it cannot tell. Run-cache
    /// entries use it so that a push or fetch that changes nothing sends no request per entry.
    func holdsSameBytes(_ listed: RemoteObject, as path: String) -> Bool?

    /// Whether `list` can answer at all: false for a plain web server, which only answers about
    /// an object asked for by name, so that callers ask per object (`size(of:)`) instead.
    var canList: Bool { get }

    /// Whether more transfers at once than the default keep paying off while the link allows:
    /// true for remotes that make one request per object over HTTP (S3, HTTP), where a slow
    /// link's latency hides behind concurrency, so their transfer queue adapts its width; false
    /// for a folder (a disk gains nothing past a few) and SSH (every connection is a handshake,
    /// and sshd refuses many at once by default).
    var adaptsConcurrency: Bool { get }
}

extension Remote {
    public var canList: Bool { true }
    public var adaptsConcurrency: Bool { false }

    /// The size alone, for remotes whose objects carry no entity tag.
    public func describe(_ key: String) throws(RemoteError) -> RemoteObject? {
        try size(of: key).map { RemoteObject(key: key, size: $0) }
    }

    /// Stores `source` at `key` without checking its content (run-cache entries, tests).
    public func upload(_ source: String, size: Int64, to key: String) throws(RemoteError) {
        try upload(source, size: size, to: key, verifying: nil)
    }

    /// Tells only by size: different sizes mean different bytes; equal ones cannot tell.
    public func holdsSameBytes(_ listed: RemoteObject, as path: String) -> Bool? {
        guard let size = try? FileStat(path: path).size, size == listed.size else { return false }
        return nil
    }
}

/// One object listed by a remote.
public struct RemoteObject: Hashable, Sendable {
    public let key: String
    public let size: Int64
    /// The entity tag the listing gives, without quotes (S3: the MD5 of the bytes in hex for
    /// an object uploaded whole and unencrypted by KMS); nil where a remote lists none.
    public let etag: String?

    public init(key: String, size: Int64, etag: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}

/// Why a remote call failed; see `Remote` for what each kind means.
public struct RemoteError: ReportableError, Equatable {
    public enum Kind: Sendable, Equatable {
        case notFound
        case retryable
        case permanent
        case corruptSource
    }

    public var kind: Kind
    /// The remote's display name.
    public var remote: String
    /// The key concerned, when there is one.
    public var key: String?
    /// Lower-case explanation, with the server's error code where there is one (`AccessDenied: …`).
    public var message: String
    public var hint: String?
    /// The `errno` of a failed write to a local file (a download's destination): the local
    /// disk failed, not the remote.
    public var localErrorCode: Int32?
    /// The remote refused this client as a whole (a wrong password): every other transfer would
    /// fail the same way, so the transfer queue ends the batch with this one error rather than
    /// reporting it once per object.
    public var endsBatch = false

    public init(_ kind: Kind, remote: String, key: String? = nil, message: String, hint: String? = nil, localErrorCode: Int32? = nil) {
        self.kind = kind
        self.remote = remote
        self.key = key
        self.message = message
        self.hint = hint
        self.localErrorCode = localErrorCode
    }

    public var description: String {
        "remote \(remote)" + (key.map { ": \($0)" } ?? "") + ": \(message)"
    }
}
