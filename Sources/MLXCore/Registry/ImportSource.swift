/// Where imported data comes from, as its pointer file's `deps` records it (the shape of DVC's
/// imports): a path of a registry repository (`mlx import`), or a URL or file (`mlx import-url`).
public enum ImportSource: Hashable, Sendable {
    /// `mlx import URL PATH`.
    public struct Repository: Hashable, Sendable {
        /// The repository-relative path imported.
        public var path: String
        /// The repository, as given (a local path is recorded absolute).
        public var url: String
        /// The revision asked for with `--rev`; `nil` follows the default branch.
        public var rev: String?
        /// The commit the data was imported from.
        public var revLock: String

        /// Creates a repository source.
        public init(path: String, url: String, rev: String?, revLock: String) {
            self.path = path
            self.url = url
            self.rev = rev
            self.revLock = revLock
        }
    }

    /// `mlx import-url URL`: what the source was when imported, to see it change.
    public struct Location: Hashable, Sendable {
        /// The source: `s3://…`, `http(s)://…`, or an absolute local path.
        public var path: String
        /// The server's ETag (S3, HTTP).
        public var etag: String?
        /// The content's oid (local files, and directories as their manifest's).
        public var oid: String?
        /// The size in bytes.
        public var size: Int64?

        /// Creates a location source; what is not known stays `nil`.
        public init(path: String, etag: String? = nil, oid: String? = nil, size: Int64? = nil) {
            self.path = path
            self.etag = etag
            self.oid = oid
            self.size = size
        }
    }

    /// Imported from a repository (`mlx import`).
    case repository(Repository)
    /// Imported from a URL or file (`mlx import-url`).
    case location(Location)

    /// The pointer file (project-relative) of an import named by its pointer or its data path,
    /// and the data path.
    public static func paths(ofTarget relative: String) -> (pointer: String, data: String) {
        relative.hasSuffix(PointerScanner.suffix) ? (relative, String(relative.dropLast(PointerScanner.suffix.count)))
            : (relative + PointerScanner.suffix, relative)
    }

    /// The key pointer files hold it under.
    static let key = "deps"

    /// The `deps` list entry that records this source.
    var yaml: YAMLValue {
        switch self {
        case let .repository(source):
            var repo: [YAMLValue.Entry] = [.init("url", .string(source.url))]
            if let rev = source.rev { repo.append(.init("rev", .string(rev))) }
            repo.append(.init("rev_lock", .string(source.revLock)))
            return .sequence([.mapping([.init("path", .string(source.path)), .init("repo", .mapping(repo))])])
        case let .location(source):
            var entries: [YAMLValue.Entry] = [.init("path", .string(source.path))]
            if let etag = source.etag { entries.append(.init("etag", .string(etag))) }
            if let oid = source.oid { entries.append(.init("oid", .string(oid))) }
            if let size = source.size { entries.append(.init("size", .literal(String(size)))) }
            return .sequence([.mapping(entries)])
        }
    }

    /// The source a `deps` value records, or `nil` when it records none mlx reads.
    init?(yaml: YAMLValue) {
        guard case let .sequence(items) = yaml, items.count == 1, case let .mapping(entries) = items[0],
              let path = Self.text(entries, "path") else { return nil }
        if let repoValue = entries.first(where: { $0.key.scalarText == "repo" })?.value {
            guard case let .mapping(repo) = repoValue, let url = Self.text(repo, "url"), let lock = Self.text(repo, "rev_lock") else {
                return nil
            }
            self = .repository(Repository(path: path, url: url, rev: Self.text(repo, "rev"), revLock: lock))
        } else {
            self = .location(Location(path: path, etag: Self.text(entries, "etag"), oid: Self.text(entries, "oid"),
                                      size: Self.text(entries, "size").flatMap { Int64($0) }))
        }
    }

    private static func text(_ entries: [YAMLValue.Entry], _ key: String) -> String? {
        entries.first { $0.key.scalarText == key }?.value.scalarText
    }
}
