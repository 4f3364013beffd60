import MLXHash

/// The listing of a tracked directory (SPEC §3): every file's relpath, oid, size and exec bit.
///
/// Stored in the cache as canonical JSON — `[{"oid":"<hex>","relpath":"a/b.jpg","size":123}, …]`
/// with `"isexec":true` after `size` where set, entries sorted by relpath in byte order, no
/// whitespace — and named by the BLAKE3 of those bytes plus `.dir`. The same directory content
/// therefore always gets the same oid, on every machine.
///
/// Symlinks inside a tracked directory: mlx follows them and records the target's content as a
/// regular file at the link's relpath, so checkout writes a regular file with the same bytes
/// (what a user reading the directory saw). A link that leads out of the project or dangles is
/// an error when the directory is added, never followed silently. This is the simplest rule that
/// round-trips bytes on every link type and remote; the link itself is not preserved.
///
/// Relpaths must be valid UTF-8 (JSON strings cannot carry other bytes); a directory with a
/// file name that is not is refused when it is added.
public struct Manifest: Hashable, Sendable {
    /// One file of the directory.
    public struct Entry: Hashable, Sendable {
        /// The file's object id.
        public var oid: Digest
        /// Path inside the directory, `/`-separated (a valid `ProjectPath`).
        public var relpath: String
        /// Size in bytes.
        public var size: Int64
        /// Whether the file is executable.
        public var isexec: Bool

        /// Creates an entry.
        public init(oid: Digest, relpath: String, size: Int64, isexec: Bool = false) {
            self.oid = oid
            self.relpath = relpath
            self.size = size
            self.isexec = isexec
        }
    }

    /// The entries, sorted by relpath in byte order, relpaths unique.
    public let entries: [Entry]

    /// Builds a manifest from entries in any order; refuses invalid or duplicate relpaths and
    /// negative sizes.
    public init(entries: [Entry]) throws(ManifestError) {
        let isSorted = zip(entries, entries.dropFirst()).allSatisfy { Manifest.precedes($0.relpath, $1.relpath) }
        let sorted = isSorted ? entries : entries.sorted { Manifest.precedes($0.relpath, $1.relpath) }
        try Manifest.check(sorted, oid: nil)
        self.entries = sorted
    }

    init(checkedEntries: [Entry]) { entries = checkedEntries }

    /// Number of files.
    public var count: Int { entries.count }

    /// Sum of the file sizes, as a pointer's `size` records it.
    public var totalSize: Int64 { entries.reduce(0) { $0 + $1.size } }

    /// The id of this manifest: BLAKE3 of `encoded()`, marked as a directory.
    public func objectID(using hasher: ContentHasher) -> ObjectID {
        ObjectID(hasher.hash(pieces: { encode($0) }), isDirectory: true)
    }

    /// Byte order of UTF-8, which is what SPEC §3 sorts by (Swift's `<` on `String` is not).
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        ByteOrder.precedes(lhs, rhs)
    }

    static func check(_ entries: [Entry], oid: String?) throws(ManifestError) {
        var previous: String?
        // Relpaths are compared by their bytes: Swift's `==` on strings would take the NFC and
        // NFD spellings of one name for the same path.
        for entry in entries {
            if let problem = ProjectPath.problem(with: entry.relpath) {
                throw ManifestError(oid: oid, relpath: entry.relpath, message: "\(problem): `\(entry.relpath)`")
            }
            if entry.size < 0 {
                throw ManifestError(oid: oid, relpath: entry.relpath, message: "negative size for `\(entry.relpath)`")
            }
            if let previous {
                if previous.utf8.elementsEqual(entry.relpath.utf8) {
                    throw ManifestError(oid: oid, relpath: entry.relpath, message: "`\(entry.relpath)` is listed twice")
                }
                if !precedes(previous, entry.relpath) {
                    throw ManifestError(oid: oid, relpath: entry.relpath,
                                        message: "entries are not sorted by relpath (`\(entry.relpath)` after `\(previous)`)")
                }
            }
            previous = entry.relpath
        }
        if entries.contains(where: { !$0.relpath.utf8.allSatisfy { $0 < 0x80 } }) {
            var spellings: [String: String] = [:]  // String keys compare by canonical equivalence
            for entry in entries {
                if let other = spellings[entry.relpath] {
                    throw ManifestError(oid: oid, relpath: entry.relpath,
                                        message: "`\(entry.relpath)` and `\(other)` differ only in Unicode normalization")
                }
                spellings[entry.relpath] = entry.relpath
            }
        }
    }
}
