import MLXHash
import Synchronization

extension TreeMemo {
    /// A file whose facts differ from the memo's while its folder's do not: the same name is
    /// still there, as a regular file, with other contents or times.
    struct ChangedFile: Sendable {
        /// Where the file's record starts in the memo's bytes.
        let record: Int
        /// Path inside the tracked directory.
        let relpath: String
        /// Its facts now.
        let stat: FileStat
    }

    /// What became of the recorded tree.
    enum Check: Sendable {
        /// Every folder and file has the recorded facts: the memo's oid is the tree's.
        case holds
        /// Only these files differ (none added, removed or renamed): the tree's oid is the
        /// memo's entries with these files hashed again (`entries(replacing:)`).
        case filesChanged([ChangedFile])
        /// A folder differs (names added, removed or renamed), or a file is gone or no longer a
        /// regular file: only a full walk can tell.
        case treeChanged
    }

    /// Compares every folder and file under `root` with the recorded facts, `width` folders at
    /// once; stops early only when the tree itself changed.
    func check(root: String, width: Int) -> Check {
        compare(root: root, width: width, stoppingAtFirstDifference: false)
    }

    /// `check`, which with `stoppingAtFirstDifference` stops at any difference and then lists
    /// at most the first changed files it met (enough to tell that the memo no longer holds).
    func compare(root: String, width: Int, stoppingAtFirstDifference: Bool) -> Check {
        guard let rootFD = Syscall.openDirectoryNoFollow(root) else { return .treeChanged }
        defer { Syscall.close(rootFD) }
        let treeChanged = Atomic<Bool>(false)
        let stop = Atomic<Bool>(false)
        let changed = Mutex<[ChangedFile]>([])
        _ = BoundedParallel.forEach(folderOffsets.count, width: width) { index in
            if stop.load(ordering: .relaxed) { return }
            guard let files = changes(inFolderAt: folderOffsets[index], under: rootFD, firstOnly: stoppingAtFirstDifference) else {
                treeChanged.store(true, ordering: .relaxed)
                stop.store(true, ordering: .relaxed)
                return
            }
            if !files.isEmpty {
                changed.withLock { $0 += files }
                if stoppingAtFirstDifference { stop.store(true, ordering: .relaxed) }
            }
        }
        if treeChanged.load(ordering: .relaxed) { return .treeChanged }
        let files = changed.withLock { $0 }
        return files.isEmpty ? .holds : .filesChanged(files.sorted { $0.record < $1.record })
    }

    /// The changed files of the folder recorded at `start` (only the first with `firstOnly`);
    /// nil when the folder itself changed or one of its files is gone or not a regular file.
    private func changes(inFolderAt start: Int, under rootFD: Int32, firstOnly: Bool) -> [ChangedFile]? {
        bytes.withUnsafeBytes { raw -> [ChangedFile]? in
            let base = raw.baseAddress!
            let relpathLength = Int(BinaryFile.u32(raw, start))
            let fileCount = Int(BinaryFile.u32(raw, start + FolderField.fileCount))
            let opened = relpathLength == 0
                ? rootFD
                : Syscall.openDirectoryNoFollow(at: rootFD, name: (base + start + TreeMemo.folderFixedSize).assumingMemoryBound(to: CChar.self))
            guard let folderFD = opened else { return nil }
            defer { if folderFD != rootFD { Syscall.close(folderFD) } }
            guard let folder = Syscall.facts(of: folderFD), TreeMemo.matches(folder, raw, start + FolderField.facts) else { return nil }
            var changed: [ChangedFile] = []
            var offset = start + TreeMemo.folderFixedSize + relpathLength + 1
            for _ in 0..<fileCount {
                let nameLength = Int(BinaryFile.u32(raw, offset))
                let name = (base + offset + TreeMemo.fileFixedSize).assumingMemoryBound(to: CChar.self)
                guard let file = Syscall.facts(at: folderFD, name: name), file.isRegular else { return nil }
                if file.size != BinaryFile.i64(raw, offset + FileField.size) || !TreeMemo.matches(file, raw, offset + FileField.facts) {
                    let folderPath = String(decoding: raw[(start + TreeMemo.folderFixedSize)..<(start + TreeMemo.folderFixedSize + relpathLength)], as: UTF8.self)
                    let fileName = String(decoding: raw[(offset + TreeMemo.fileFixedSize)..<(offset + TreeMemo.fileFixedSize + nameLength)], as: UTF8.self)
                    changed.append(ChangedFile(record: offset, relpath: folderPath.isEmpty ? fileName : folderPath + "/" + fileName, stat: file))
                    if firstOnly { return changed }
                }
                offset += TreeMemo.fileFixedSize + nameLength + 1
            }
            return changed
        }
    }

    /// The oid, total size and file count of the manifest the memo records with `replacements`
    /// (keyed by record start) in place, encoded straight from the memo's bytes, with no entry
    /// built per file; nil when the memo's order is not the manifest's byte order (see
    /// `entries(replacing:)`).
    func manifestSummary(replacing replacements: [Int: Manifest.Entry], using hasher: ContentHasher)
        -> (oid: ObjectID, size: Int64, count: Int)? {
        var inOrder = true
        var size: Int64 = 0
        var count = 0
        let digest = hasher.hash(pieces: { consume in
            let pieceSize = 64 * 1024
            var out: [UInt8] = []
            out.reserveCapacity(pieceSize + 512)
            out.append(UInt8(ascii: "["))
            var previous: [UInt8] = []
            forEachFile { record, relpath, raw in
                guard inOrder else { return }
                if count > 0 && !previous.lexicographicallyPrecedes(relpath) {
                    inOrder = false
                    return
                }
                previous.removeAll(keepingCapacity: true)
                previous += relpath
                let entry = replacements[record].map { (oid: $0.oid, size: $0.size, isexec: $0.isexec) } ?? TreeMemo.recorded(raw, record)
                Manifest.appendEntry(oid: entry.oid, relpath: relpath, size: entry.size, isexec: entry.isexec, first: count == 0, to: &out)
                size += entry.size
                count += 1
                if out.count >= pieceSize {
                    consume(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            out.append(UInt8(ascii: "]"))
            consume(out)
        })
        guard inOrder else { return nil }
        return (ObjectID(digest, isDirectory: true), size, count)
    }

    /// The manifest entries the memo records, sorted by relpath, with `replacements` (keyed by
    /// record start) in place of the recorded ones.
    func entries(replacing replacements: [Int: Manifest.Entry]) -> [Manifest.Entry] {
        var entries: [Manifest.Entry] = []
        entries.reserveCapacity(fileCount)
        forEachFile { record, relpath, raw in
            if let replacement = replacements[record] {
                entries.append(replacement)
            } else {
                let entry = TreeMemo.recorded(raw, record)
                entries.append(Manifest.Entry(oid: entry.oid, relpath: String(decoding: relpath, as: UTF8.self), size: entry.size,
                                              isexec: entry.isexec))
            }
        }
        // Folders are recorded in walk order, files after their folder: `a/z` comes before
        // `a/b/c`, which the manifest's byte order puts first.
        if !zip(entries, entries.dropFirst()).allSatisfy({ Manifest.precedes($0.relpath, $1.relpath) }) {
            entries.sort { Manifest.precedes($0.relpath, $1.relpath) }
        }
        return entries
    }

    /// The oid, size and exec bit recorded in the file record at `record`.
    private static func recorded(_ raw: UnsafeRawBufferPointer, _ record: Int) -> (oid: Digest, size: Int64, isexec: Bool) {
        let oid = record + FileField.oid
        return (Digest(copying: UnsafeRawBufferPointer(rebasing: raw[oid..<(oid + Digest.byteCount)])),
                BinaryFile.i64(raw, record + FileField.size), raw[record + FileField.isexec] != 0)
    }

    /// Calls `body` with each file's record start, its relpath's bytes (folder, `/`, name; the
    /// buffer is reused) and the memo's bytes, in memo order: folder after folder, each
    /// folder's files in the order it listed them.
    private func forEachFile(_ body: (_ record: Int, _ relpath: [UInt8], _ raw: UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { raw in
            var relpath: [UInt8] = []
            for start in folderOffsets {
                let folderLength = Int(BinaryFile.u32(raw, start))
                let count = Int(BinaryFile.u32(raw, start + FolderField.fileCount))
                relpath.removeAll(keepingCapacity: true)
                if folderLength > 0 {
                    relpath += raw[(start + TreeMemo.folderFixedSize)..<(start + TreeMemo.folderFixedSize + folderLength)]
                    relpath.append(UInt8(ascii: "/"))
                }
                let prefix = relpath.count
                var offset = start + TreeMemo.folderFixedSize + folderLength + 1
                for _ in 0..<count {
                    let nameLength = Int(BinaryFile.u32(raw, offset))
                    relpath.removeSubrange(prefix...)
                    relpath += raw[(offset + TreeMemo.fileFixedSize)..<(offset + TreeMemo.fileFixedSize + nameLength)]
                    body(offset, relpath, raw)
                    offset += TreeMemo.fileFixedSize + nameLength + 1
                }
            }
        }
    }

    /// This memo with each changed file's record holding its new facts, oid and exec bit, and
    /// the tree's new `oid` and `size`; nil when a change is so recent that a second change in
    /// the same timestamp tick would not show (see `HashIndex.racyWindowNs`).
    func recording(_ changes: [(file: ChangedFile, oid: Digest)], oid: ObjectID, size: Int64,
                   now: Int64) -> [UInt8]? {
        let racyFrom = now - HashIndex.racyWindowNs
        guard !changes.contains(where: { $0.file.stat.mtimeNs >= racyFrom || $0.file.stat.ctimeNs >= racyFrom }) else { return nil }
        var out = Array(bytes.dropLast(8))
        func put(_ value: UInt64, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { out.replaceSubrange(offset..<(offset + 8), with: $0) }
        }
        put(UInt64(bitPattern: size), at: HeaderField.size)
        out.replaceSubrange(HeaderField.oid..<(HeaderField.oid + Digest.byteCount), with: oid.digest.bytes)
        for (file, digest) in changes {
            put(UInt64(bitPattern: file.stat.size), at: file.record + FileField.size)
            // mtime, ctime and inode, as `appendFacts` writes them.
            var facts: [UInt8] = []
            TreeMemo.appendFacts(file.stat, to: &facts)
            out.replaceSubrange((file.record + FileField.facts)..<(file.record + FileField.facts + facts.count), with: facts)
            out.replaceSubrange((file.record + FileField.oid)..<(file.record + FileField.oid + Digest.byteCount), with: digest.bytes)
            out[file.record + FileField.isexec] = file.stat.isExecutable ? 1 : 0
        }
        BinaryFile.appendChecksum(to: &out)
        return out
    }
}
