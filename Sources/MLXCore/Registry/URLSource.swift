/// A source of `mlx import-url` that is not on this machine (`s3://…`, `http(s)://…`,
/// `remote://NAME/…`): the remote that serves it and the key of the object, or of the folder
/// whose objects are the source, under that remote.
public struct URLSource: Sendable {
    /// The source as the user wrote it and the pointer records it.
    public let url: String
    public let remote: any Remote
    /// The object's key; for a folder, the prefix its objects share, without the final `/`.
    public let key: String
    /// The queue downloads go through: `-j` wide, with the remote's retries.
    public let queue: TransferQueue

    public init(url: String, remote: any Remote, key: String, queue: TransferQueue) {
        self.url = url
        self.remote = remote
        self.key = key
        self.queue = queue
    }

    /// Opens the source a URL names; the command supplies it, since remotes are built outside
    /// MLXCore.
    public typealias Opener = @Sendable (_ url: String) throws -> URLSource

    /// Whether `source` names a URL rather than a path on this machine (`file://` is a path).
    public static func isRemote(_ source: String) -> Bool {
        guard let scheme = source.range(of: "://").map({ source[..<$0.lowerBound].lowercased() }) else { return false }
        return scheme != "file"
    }
}
