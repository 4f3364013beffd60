import MLXHash

/// Remembers the oid of each hashed file with the `lstat` facts it had, so an unchanged file
/// is never read twice (the idea of git's index and restic's change detection).
///
/// A lookup hits only when size, mtime (ns), ctime (ns) and inode all match. Two guards keep a
/// stale oid from being trusted:
/// - Racy entries: a file modified within `racyWindowNs` of the moment it was recorded — or of
///   the moment the index was written, for entries read back from disk — could be modified again
///   within the same timestamp tick without its mtime changing. Such entries are not kept, so
///   the file is hashed again next time (git's "racy clean" problem). The window is 2 s, to cover
///   file systems with coarse timestamps (FAT has 2 s).
/// - Damage: the file carries a magic, a version and a checksum; anything that does not check
///   out is treated as an empty index and rebuilt, never trusted.
///
/// Keys are whatever paths the caller uses consistently (project-relative is recommended).
public struct HashIndex: Sendable {
    /// What was known about a file when it was hashed.
    public struct Entry: Hashable, Sendable {
        /// Size in bytes.
        public var size: Int64
        /// Modification time, ns since the epoch.
        public var mtimeNs: Int64
        /// Inode change time, ns since the epoch.
        public var ctimeNs: Int64
        /// Inode number.
        public var inode: UInt64
        /// The file's BLAKE3.
        public var oid: Digest

        /// Creates an entry.
        public init(size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: UInt64, oid: Digest) {
            self.size = size
            self.mtimeNs = mtimeNs
            self.ctimeNs = ctimeNs
            self.inode = inode
            self.oid = oid
        }

        func matches(_ stat: FileStat) -> Bool {
            size == stat.size && mtimeNs == stat.mtimeNs && ctimeNs == stat.ctimeNs && inode == stat.inode
        }
    }

    /// Files modified this recently before being recorded (or before the index was written)
    /// are not trusted.
    public static let racyWindowNs: Int64 = 2_000_000_000

    /// Where the index lives inside a project.
    public static let relativePath = ".mlx/tmp/hashindex"

    /// The file as loaded: sorted, searched in place.
    private var table = HashIndexTable()
    /// Entries recorded in bulk since loading (`recordAll`), kept encoded as the file keeps
    /// them: ~100 bytes an entry where `added` takes ~275. They win over the table.
    private var recorded = HashIndexTable()
    /// Entries recorded one by one since loading; they win over `recorded` and the table.
    private var added: [String: Entry] = [:]
    /// Paths forgotten since loading.
    private var removed: Set<String> = []
    /// What hashing again the files recorded since loading would cost, in bytes read (see
    /// `isWorthSaving`).
    private var learntCost: Int64 = 0
    /// What opening and reading a file costs beyond its bytes, in bytes read in the same time.
    static let perFileCost: Int64 = 16 * 1024

    /// Why the file given to `init(contentsOf:)` was ignored (damaged, other version), if it was;
    /// a missing file is not a problem. Meant for `-v` output.
    public private(set) var loadProblem: String?

    /// An empty index.
    public init() {}

    /// Loads the index at `path`; a missing, unreadable or damaged file gives an empty index.
    public init(contentsOf path: String) {
        let bytes: [UInt8]
        do {
            bytes = try Syscall.readFile(path)
        } catch {
            if error.code != Syscall.Errno.noSuchFile { loadProblem = error.description }
            return
        }
        do {
            table = try HashIndexTable(bytes: bytes)
        } catch {
            loadProblem = "\(path): \(error.reason); the index is rebuilt"
        }
    }

    /// The recorded oid of `path` if `stat` (taken now) matches what was recorded.
    public func lookup(_ path: String, _ stat: FileStat) -> Digest? {
        guard let entry = entry(for: path), entry.matches(stat) else { return nil }
        return entry.oid
    }

    /// What is recorded for `path`, if anything.
    public func entry(for path: String) -> Entry? {
        if let entry = added[path] { return entry }
        if removed.contains(path) { return nil }
        if let found = recorded.find(path) { return recorded.entry(at: found) }
        return table.find(path).map(table.entry(at:))
    }

    /// Records that the file at `path`, with `stat` taken *before* it was hashed, has `oid`.
    /// A racy entry (modified within `racyWindowNs` of now) is dropped instead.
    public mutating func record(_ path: String, _ stat: FileStat, oid: Digest) {
        record(path, stat, oid: oid, now: Syscall.nowNanoseconds())
    }

    mutating func record(_ path: String, _ stat: FileStat, oid: Digest, now: Int64) {
        if stat.mtimeNs >= now - HashIndex.racyWindowNs {
            remove(path)
            return
        }
        added[path] = Entry(size: stat.size, mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs, inode: stat.inode, oid: oid)
        removed.remove(path)
        learntCost += stat.size + HashIndex.perFileCost
    }

    /// Whether saving pays for itself. Saving writes the whole file; not saving only means
    /// hashing again, next time, the files recorded since loading. So a save is worth it when
    /// those files cost at least as much to read as the file costs to write: `status` after one
    /// file of a million changed hashes that file again rather than rewrite 99 MB (7 % of that
    /// status), while an `add` of new data, or an index that does not exist yet, is saved.
    /// Forgotten entries wait for the next save; they never match a file anyway (see `lookup`).
    public var isWorthSaving: Bool {
        learntCost >= Int64(table.bytes.count)
    }

    /// `record` for `count` files that `file(i)` describes, in ascending byte order of their
    /// paths (as a directory walk lists them): what a million-file `add` learns is kept in the
    /// compact form of the file rather than in a dictionary. Files out of order are recorded
    /// one by one instead.
    /// - Parameter now: when the files were first read; entries modified within `racyWindowNs`
    ///   of it are not kept.
    public mutating func recordAll(count: Int, now: Int64, _ file: (Int) -> (path: String, stat: FileStat, oid: Digest)) {
        var run = HashIndexTable.Builder()
        for position in 0..<count {
            let (path, stat, oid) = file(position)
            if stat.mtimeNs >= now - HashIndex.racyWindowNs {
                remove(path)
                continue
            }
            let entry = Entry(size: stat.size, mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs, inode: stat.inode, oid: oid)
            guard run.append(path, entry) else {
                record(path, stat, oid: oid, now: now)
                continue
            }
            // The newest record of a path wins over what was said of it before.
            if !added.isEmpty { added[path] = nil }
            if !removed.isEmpty { removed.remove(path) }
            learntCost += stat.size + HashIndex.perFileCost
        }
        if run.offsets.isEmpty { return }
        recorded = recorded.count == 0 ? run.table : recorded.overlaid(by: run.table)
    }

    /// Forgets `path` (deleted or untracked).
    public mutating func remove(_ path: String) {
        added[path] = nil
        removed.insert(path)
    }

    /// Keeps only the entries whose path satisfies `keep`, to drop files that no longer exist.
    public mutating func retain(where keep: (String) -> Bool) {
        for layer in [table, recorded] {
            for index in 0..<layer.count {
                let path = layer.path(at: index)
                if !keep(path) { remove(path) }
            }
        }
        for path in added.keys where !keep(path) { remove(path) }
    }

    /// Every entry by path. Builds a dictionary of all entries: for inspection, not lookups.
    public var entries: [String: Entry] {
        var result: [String: Entry] = [:]
        result.reserveCapacity(table.count + recorded.count + added.count)
        for layer in [table, recorded] {
            for index in 0..<layer.count {
                let path = layer.path(at: index)
                if !removed.contains(path) { result[path] = layer.entry(at: index) }
            }
        }
        result.merge(added) { _, new in new }
        return result
    }

    /// Number of entries (counted through `entries`: for inspection).
    public var count: Int {
        entries.count
    }

    /// Writes the index atomically (creating its folder), stamped with the current time.
    /// Unchanged entries are copied as they were read, so saving costs little more than the write.
    public func save(to path: String) throws(FileSystemError) {
        var addedRun = HashIndexTable.Builder()
        let sortedAdded = added.map { (bytes: Array($0.key.utf8), path: $0.key, entry: $0.value) }
            .sorted { HashIndex.precedes($0.bytes, $1.bytes) }
        for item in sortedAdded { _ = addedRun.append(item.path, item.entry) }
        let sortedRemoved = removed.map { Array($0.utf8) }.sorted(by: HashIndex.precedes)
        let bytes = HashIndexTable.encodeFile([addedRun.table, recorded, table], removing: sortedRemoved,
                                              writtenAt: Syscall.nowNanoseconds())
        try Syscall.makeDirectories(Syscall.directoryName(of: path))
        try AtomicFile.write(bytes, to: path)
    }

    private static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in HashIndexTable.compareBytes(left, right) < 0 } }
    }
}
