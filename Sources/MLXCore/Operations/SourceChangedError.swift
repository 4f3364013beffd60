/// A file whose bytes, as copied into the cache, no longer hash to what it was hashed to a
/// moment before: something rewrote it meanwhile. The copy is discarded, never stored under
/// the old name; `mlx add` hashes the file again and retries before reporting this.
public struct SourceChangedError: ReportableError, Equatable {
    /// The file that changed.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var message: String { "changed while it was being copied into the cache" }
    public var hint: String? { "a program is writing to it: let it finish, then try again" }
    public var description: String { "\(path): \(message)" }
}
