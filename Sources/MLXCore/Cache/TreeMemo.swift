import MLXHash
import Synchronization

/// What a tracked directory looked like when it was last hashed in full: its manifest's oid and
/// the facts of every folder and file that went into it.
///
/// A no-change `status` (or `repro`) checks those facts — one `fstatat` per file, relative to an
/// open folder, with the names handed to the kernel straight from the loaded bytes — instead of
/// listing and sorting every folder, looking every file up in the hash index and encoding and
/// hashing the manifest again. Any difference sends the caller down the full path, which records
/// a new memo. (git's untracked cache trusts folder mtimes the same way.)
///
/// Why unchanged facts mean an unchanged oid:
/// - a folder's mtime and ctime change whenever an entry is created, removed or renamed in it,
///   so a folder whose facts match holds the same names (each folder is stat'ed before it is
///   listed, so a change during the walk shows as a later mtime);
/// - a file whose size, mtime, ctime and inode match holds the same bytes and mode, on the hash
///   index's terms (`chmod` moves ctime);
/// - which files count is fixed by the `.mlxignore` text, whose digest is part of the memo.
///
/// Not recorded, so always walked in full: trees reached through symlinks (a link's target can
/// change while the link's own facts do not), and trees with anything changed within
/// `HashIndex.racyWindowNs` of recording (a second change in the same timestamp tick would not
/// show).
///
/// ```
/// header  "MLXTREE\n" | version u32 = 1 | folder count u32 | file count u64 | total size i64 |
///         manifest oid 32 bytes | .mlxignore digest 32 bytes | path length u32 | tracked path
/// folder  relpath length u32 | file count u32 | mtime ns i64 | ctime ns i64 | inode u64 | relpath | NUL
/// file    name length u32 | size i64 | mtime ns i64 | ctime ns i64 | inode u64 | oid 32 bytes | isexec u8 | name | NUL
/// trailer checksum u64 of everything before it
/// ```
/// Integers little-endian; each folder's files follow it; names end in NUL so they can be
/// passed to the kernel in place. Each file's oid and exec bit make the memo a whole manifest:
/// after a few files change, the new oid is the memo's entries with those files hashed again
/// (`TreeMemo+Changes`), not a walk of the whole tree.
struct TreeMemo: Sendable {
    static let magic = Array("MLXTREE\n".utf8)
    static let version: UInt32 = 2
    static let headerSize = 100
    static let folderFixedSize = 32
    static let fileFixedSize = 69
    /// Where the fields of a folder record start, counted from the record's start.
    enum FolderField {
        static let fileCount = 4, facts = 8
    }
    /// Where the fields of a file record start, counted from the record's start.
    enum FileField {
        static let size = 4, facts = 12, oid = 36, isexec = 68
    }
    /// Where the header's total size and manifest oid start.
    enum HeaderField {
        static let size = 24, oid = 32
    }

    /// The manifest oid the directory had.
    let oid: ObjectID
    /// Bytes in all files.
    let size: Int64
    let fileCount: Int
    /// The file as read.
    let bytes: [UInt8]
    /// Start of each folder record in `bytes`.
    let folderOffsets: [Int]

    /// Where the memo of the tracked directory `relative` lives under the project's `.mlx/tmp`.
    static func path(of relative: String, tmpDirectory: String) -> String {
        tmpDirectory + "/trees/" + Blake3.hash(Array(relative.utf8)).hex.prefix(32)
    }

    /// Reads a memo back; nil when it is damaged, of another version, or recorded for another
    /// path or other `.mlxignore` rules — a memo is only ever a shortcut, never trusted blindly.
    init?(bytes: [UInt8], trackedPath: String, ignoreDigest: Digest) {
        guard bytes.count >= TreeMemo.headerSize + 8, bytes.starts(with: TreeMemo.magic) else { return nil }
        let parsed: (ObjectID, Int64, Int, [Int])? = bytes.withUnsafeBytes { raw in
            guard BinaryFile.u32(raw, 8) == TreeMemo.version, BinaryFile.checksumMatches(raw) else { return nil }
            let bodyEnd = raw.count - 8
            let folderCount = Int(BinaryFile.u32(raw, 12))
            let fileCount = BinaryFile.u64(raw, 16)
            let pathLength = Int(BinaryFile.u32(raw, 96))
            guard Digest(copying: UnsafeRawBufferPointer(rebasing: raw[64..<96])) == ignoreDigest,
                  pathLength <= bodyEnd - TreeMemo.headerSize,
                  raw[TreeMemo.headerSize..<(TreeMemo.headerSize + pathLength)].elementsEqual(trackedPath.utf8) else { return nil }
            var offsets: [Int] = []
            offsets.reserveCapacity(folderCount)
            var offset = TreeMemo.headerSize + pathLength
            var filesSeen: UInt64 = 0
            for _ in 0..<folderCount {
                guard let next = TreeMemo.recordEnd(raw, offset, fixed: TreeMemo.folderFixedSize, limit: bodyEnd) else { return nil }
                offsets.append(offset)
                let files = BinaryFile.u32(raw, offset + FolderField.fileCount)
                offset = next
                for _ in 0..<files {
                    guard let next = TreeMemo.recordEnd(raw, offset, fixed: TreeMemo.fileFixedSize, limit: bodyEnd) else { return nil }
                    offset = next
                }
                filesSeen += UInt64(files)
            }
            guard offset == bodyEnd, filesSeen == fileCount else { return nil }
            let digest = Digest(copying: UnsafeRawBufferPointer(rebasing: raw[HeaderField.oid..<(HeaderField.oid + Digest.byteCount)]))
            return (ObjectID(digest, isDirectory: true), BinaryFile.i64(raw, HeaderField.size), Int(fileCount), offsets)
        }
        guard let (oid, size, fileCount, offsets) = parsed else { return nil }
        self.oid = oid
        self.size = size
        self.fileCount = fileCount
        self.bytes = bytes
        self.folderOffsets = offsets
    }

    /// The end of the record at `offset` whose name length is its first field, if it fits
    /// before `limit` and its name ends in NUL.
    private static func recordEnd(_ raw: UnsafeRawBufferPointer, _ offset: Int, fixed: Int, limit: Int) -> Int? {
        guard offset + fixed <= limit else { return nil }
        let length = Int(BinaryFile.u32(raw, offset))
        guard length < limit - offset - fixed, raw[offset + fixed + length] == 0 else { return nil }
        return offset + fixed + length + 1
    }

    /// The memo of a walk whose files (with `oids`, in the order of `tree.files`) made `oid`;
    /// nil when the walk may not be trusted later (symlinks followed, or something changed
    /// within the racy window of `now`, which is the time before the walk read any fact).
    static func encode(
        trackedPath: String, oid: ObjectID, size: Int64, ignoreDigest: Digest, tree: WalkedTree, oids: [Digest],
        now: Int64
    ) -> [UInt8]? {
        guard !tree.followedLinks, oids.count == tree.files.count else { return nil }
        let racyFrom = now - HashIndex.racyWindowNs
        func isRacy(_ stat: FileStat) -> Bool { stat.mtimeNs >= racyFrom || stat.ctimeNs >= racyFrom }
        if tree.folders.contains(where: { isRacy($0.stat) }) || tree.files.contains(where: { isRacy($0.stat) }) { return nil }

        // Files by folder: a file's folder is its relpath up to the last `/`.
        var filesByFolder: [Substring: [Int]] = [:]
        for (position, file) in tree.files.enumerated() {
            let folder = file.relpath.lastIndex(of: "/").map { file.relpath[..<$0] } ?? ""
            filesByFolder[folder, default: []].append(position)
        }
        var out: [UInt8] = []
        out.reserveCapacity(TreeMemo.headerSize + trackedPath.utf8.count + tree.folders.count * 64 + tree.files.count * 96 + 8)
        out += TreeMemo.magic
        BinaryFile.append(TreeMemo.version, to: &out)
        BinaryFile.append(UInt32(tree.folders.count), to: &out)
        BinaryFile.append(UInt64(tree.files.count), to: &out)
        BinaryFile.append(UInt64(bitPattern: size), to: &out)
        out += oid.digest.bytes
        out += ignoreDigest.bytes
        BinaryFile.append(UInt32(trackedPath.utf8.count), to: &out)
        out += trackedPath.utf8
        var written = 0
        for folder in tree.folders {
            let members = filesByFolder[Substring(folder.relpath)] ?? []
            BinaryFile.append(UInt32(folder.relpath.utf8.count), to: &out)
            BinaryFile.append(UInt32(members.count), to: &out)
            appendFacts(folder.stat, to: &out)
            appendName(folder.relpath.utf8, to: &out)
            for position in members {
                let file = tree.files[position]
                let name = file.relpath.utf8[(file.relpath.lastIndex(of: "/").map { file.relpath.index(after: $0) } ?? file.relpath.startIndex)...]
                BinaryFile.append(UInt32(name.count), to: &out)
                BinaryFile.append(UInt64(bitPattern: file.stat.size), to: &out)
                appendFacts(file.stat, to: &out)
                out += oids[position].bytes
                out.append(file.stat.isExecutable ? 1 : 0)
                appendName(name, to: &out)
            }
            written += members.count
        }
        // A file outside every listed folder would be a walker bug; a memo that missed it would lie.
        guard written == tree.files.count else { return nil }
        BinaryFile.appendChecksum(to: &out)
        return out
    }

    /// mtime, ctime, inode.
    static func appendFacts(_ stat: FileStat, to out: inout [UInt8]) {
        BinaryFile.append(UInt64(bitPattern: stat.mtimeNs), to: &out)
        BinaryFile.append(UInt64(bitPattern: stat.ctimeNs), to: &out)
        BinaryFile.append(stat.inode, to: &out)
    }

    /// A name, NUL-terminated.
    private static func appendName(_ name: some Collection<UInt8>, to out: inout [UInt8]) {
        out += name
        out.append(0)
    }

    /// Whether every folder and file under `root` still has the recorded facts (and is still a
    /// folder or a regular file).
    func stillHolds(root: String, width: Int) -> Bool {
        if case .holds = compare(root: root, width: width, stoppingAtFirstDifference: true) { return true }
        return false
    }

    /// Whether `facts` has the mtime, ctime and inode recorded at `offset`.
    static func matches(_ facts: FileStat, _ raw: UnsafeRawBufferPointer, _ offset: Int) -> Bool {
        facts.mtimeNs == BinaryFile.i64(raw, offset) && facts.ctimeNs == BinaryFile.i64(raw, offset + 8)
            && facts.inode == BinaryFile.u64(raw, offset + 16)
    }
}
