import MLXHash

/// The on-disk form of a `HashIndex`, kept in memory as loaded: entries sorted by path bytes,
/// found by binary search, never decoded one by one. Loading is a read, a checksum and one scan
/// for entry offsets; saving copies unchanged entries as raw bytes.
///
/// ```
/// header  "MLXHIDX\n" | version u32 = 1 | reserved u32 = 0 | count u64 | written-at ns i64
/// entry   path length u32 | size i64 | mtime ns i64 | ctime ns i64 | inode u64 | oid 32 bytes | path
/// trailer checksum u64 of everything before it
/// ```
/// All integers little-endian; entries in ascending byte order of their path.
struct HashIndexTable: Sendable {
    static let magic = Array("MLXHIDX\n".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32
    static let fixedEntrySize = 4 + 8 * 4 + 32
    static let pathOffset = fixedEntrySize

    struct Damage: Error {
        let reason: String
    }

    /// The file as read (or empty).
    let bytes: [UInt8]
    /// Start of each trusted entry in `bytes`, in path order (racy entries are left out).
    let offsets: [Int]

    init() {
        bytes = []
        offsets = []
    }

    /// Checks the file and finds its entries; entries that were racy when it was written are
    /// left out.
    init(bytes: [UInt8]) throws(Damage) {
        guard bytes.count >= HashIndexTable.headerSize + 8, bytes.starts(with: HashIndexTable.magic) else {
            throw Damage(reason: "not a hash index")
        }
        let result: Result<[Int], Damage> = bytes.withUnsafeBytes { raw in
            let bodyEnd = raw.count - 8
            let version = BinaryFile.u32(raw, 8)
            guard version == HashIndexTable.version else {
                return .failure(Damage(reason: "unknown hash index version \(version)"))
            }
            guard BinaryFile.checksumMatches(raw) else {
                return .failure(Damage(reason: "hash index checksum mismatch"))
            }
            let count = BinaryFile.u64(raw, 16)
            let racyFrom = Int64(bitPattern: BinaryFile.u64(raw, 24)) - HashIndex.racyWindowNs
            guard count <= UInt64(bodyEnd / HashIndexTable.fixedEntrySize) else {
                return .failure(Damage(reason: "hash index is truncated"))
            }
            var offsets: [Int] = []
            offsets.reserveCapacity(Int(count))
            var offset = HashIndexTable.headerSize
            for _ in 0..<count {
                guard offset + HashIndexTable.fixedEntrySize <= bodyEnd else { return .failure(Damage(reason: "hash index is truncated")) }
                let length = Int(BinaryFile.u32(raw, offset))
                guard length <= bodyEnd - offset - HashIndexTable.fixedEntrySize else {
                    return .failure(Damage(reason: "hash index is truncated"))
                }
                if Int64(bitPattern: BinaryFile.u64(raw, offset + 12)) < racyFrom { offsets.append(offset) }
                offset += HashIndexTable.fixedEntrySize + length
            }
            guard offset == bodyEnd else { return .failure(Damage(reason: "hash index has trailing data")) }
            return .success(offsets)
        }
        self.bytes = bytes
        self.offsets = try result.get()
    }

    var count: Int { offsets.count }

    /// The position in `offsets` of `path`, if present.
    func find(_ path: String) -> Int? {
        if offsets.isEmpty { return nil }
        if let found = path.utf8.withContiguousStorageIfAvailable({ find(UnsafeRawBufferPointer($0)) }) { return found }
        return Array(path.utf8).withUnsafeBytes { find($0) }
    }

    func find(_ key: UnsafeRawBufferPointer) -> Int? {
        bytes.withUnsafeBytes { raw in
            var low = 0
            var high = offsets.count
            while low < high {
                let middle = (low + high) / 2
                let order = HashIndexTable.compare(raw, offsets[middle], key)
                if order == 0 { return middle }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// Sign of (path at `offset`) − `key`, in byte order.
    static func compare(_ raw: UnsafeRawBufferPointer, _ offset: Int, _ key: UnsafeRawBufferPointer) -> Int32 {
        let length = Int(BinaryFile.u32(raw, offset))
        return compareBytes(UnsafeRawBufferPointer(rebasing: raw[(offset + pathOffset)..<(offset + pathOffset + length)]), key)
    }

    /// -1, 0 or 1 as `lhs` sorts before, equal to or after `rhs` in byte order.
    static func compareBytes(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Int32 {
        let common = min(lhs.count, rhs.count)
        if common > 0 {
            let order = Syscall.compareBytes(lhs.baseAddress!, rhs.baseAddress!, count: common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    func entry(at index: Int) -> HashIndex.Entry {
        bytes.withUnsafeBytes { raw in
            let offset = offsets[index]
            return HashIndex.Entry(size: Int64(bitPattern: BinaryFile.u64(raw, offset + 4)),
                                   mtimeNs: Int64(bitPattern: BinaryFile.u64(raw, offset + 12)),
                                   ctimeNs: Int64(bitPattern: BinaryFile.u64(raw, offset + 20)),
                                   inode: BinaryFile.u64(raw, offset + 28),
                                   oid: Digest(copying: UnsafeRawBufferPointer(rebasing: raw[(offset + 36)..<(offset + 68)])))
        }
    }

    func pathBytes(at index: Int) -> ArraySlice<UInt8> {
        let offset = offsets[index]
        let length = bytes.withUnsafeBytes { BinaryFile.u32($0, offset) }
        return bytes[(offset + HashIndexTable.pathOffset)..<(offset + HashIndexTable.pathOffset + Int(length))]
    }

    func path(at index: Int) -> String { String(decoding: pathBytes(at: index), as: UTF8.self) }

    /// The file for this table with `removed` paths dropped and `added` entries put in (both
    /// sorted by path bytes, `added` winning over an old entry with the same path).
    func encode(adding added: [([UInt8], HashIndex.Entry)], removing removed: [[UInt8]], writtenAt: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(HashIndexTable.headerSize + bytes.count + added.count * (HashIndexTable.fixedEntrySize + 64) + 8)
        out += HashIndexTable.magic
        BinaryFile.append(HashIndexTable.version, to: &out)
        BinaryFile.append(UInt32(0), to: &out)
        let countPosition = out.count
        BinaryFile.append(UInt64(0), to: &out)
        BinaryFile.append(UInt64(bitPattern: writtenAt), to: &out)
        var count: UInt64 = 0
        var nextAdded = 0
        var nextRemoved = 0
        bytes.withUnsafeBytes { raw in
            for offset in offsets {
                let length = Int(BinaryFile.u32(raw, offset))
                let path = UnsafeRawBufferPointer(rebasing: raw[(offset + HashIndexTable.pathOffset)..<(offset + HashIndexTable.pathOffset + length)])
                while nextAdded < added.count, HashIndexTable.order(added[nextAdded].0, path) < 0 {
                    HashIndexTable.append(added[nextAdded], to: &out)
                    nextAdded += 1
                    count += 1
                }
                while nextRemoved < removed.count, HashIndexTable.order(removed[nextRemoved], path) < 0 { nextRemoved += 1 }
                if nextRemoved < removed.count, HashIndexTable.order(removed[nextRemoved], path) == 0 { continue }
                if nextAdded < added.count, HashIndexTable.order(added[nextAdded].0, path) == 0 { continue }
                out += raw[offset..<(offset + HashIndexTable.pathOffset + length)]
                count += 1
            }
        }
        for item in added[nextAdded...] {
            HashIndexTable.append(item, to: &out)
            count += 1
        }
        withUnsafeBytes(of: count.littleEndian) { out.replaceSubrange(countPosition..<(countPosition + 8), with: $0) }
        BinaryFile.appendChecksum(to: &out)
        return out
    }

    static func order(_ lhs: [UInt8], _ rhs: UnsafeRawBufferPointer) -> Int32 {
        lhs.withUnsafeBytes { compareBytes($0, rhs) }
    }

    static func append(_ item: ([UInt8], HashIndex.Entry), to out: inout [UInt8]) {
        let (path, entry) = item
        BinaryFile.append(UInt32(path.count), to: &out)
        BinaryFile.append(UInt64(bitPattern: entry.size), to: &out)
        BinaryFile.append(UInt64(bitPattern: entry.mtimeNs), to: &out)
        BinaryFile.append(UInt64(bitPattern: entry.ctimeNs), to: &out)
        BinaryFile.append(entry.inode, to: &out)
        out += entry.oid.bytes
        out += path
    }
}
