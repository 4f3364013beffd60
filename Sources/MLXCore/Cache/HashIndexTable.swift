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

    /// A table held only in memory: `bytes` are entries without the file's header and trailer.
    init(entries bytes: [UInt8], offsets: [Int]) {
        self.bytes = bytes
        self.offsets = offsets
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

    /// The file that merges `layers` (each sorted by path bytes; for a path in several, the
    /// first layer's entry wins) without the paths in `removed` (sorted).
    static func encodeFile(_ layers: [HashIndexTable], removing removed: [[UInt8]], writtenAt: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(headerSize + layers.reduce(0) { $0 + $1.bytes.count } + 8)
        out += magic
        BinaryFile.append(version, to: &out)
        BinaryFile.append(UInt32(0), to: &out)
        let countPosition = out.count
        BinaryFile.append(UInt64(0), to: &out)
        BinaryFile.append(UInt64(bitPattern: writtenAt), to: &out)
        var unused: [Int] = []
        let count = UInt64(merge(layers, removing: removed, into: &out, offsets: &unused, keepingOffsets: false))
        withUnsafeBytes(of: count.littleEndian) { out.replaceSubrange(countPosition..<(countPosition + 8), with: $0) }
        BinaryFile.appendChecksum(to: &out)
        return out
    }

    /// `newer`'s entries over this table's, in memory (see `init(entries:offsets:)`).
    func overlaid(by newer: HashIndexTable) -> HashIndexTable {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(self.bytes.count + newer.bytes.count)
        var offsets: [Int] = []
        offsets.reserveCapacity(count + newer.count)
        _ = HashIndexTable.merge([newer, self], removing: [], into: &bytes, offsets: &offsets, keepingOffsets: true)
        return HashIndexTable(entries: bytes, offsets: offsets)
    }

    /// Appends the merged entries of `layers` to `out` as raw bytes (see `encodeFile`), and
    /// where each starts to `offsets` when `keepingOffsets`; returns how many were appended.
    private static func merge(_ layers: [HashIndexTable], removing removed: [[UInt8]], into out: inout [UInt8],
                              offsets: inout [Int], keepingOffsets: Bool) -> Int {
        withRawBytes(of: layers[...], acquired: []) { raws in
            var next = [Int](repeating: 0, count: layers.count)
            var nextRemoved = 0
            var count = 0
            while true {
                // The smallest path at the head of any layer; on a tie the earliest layer wins.
                var winner = -1
                var winnerPath = UnsafeRawBufferPointer(start: nil, count: 0)
                for layer in layers.indices where next[layer] < layers[layer].count {
                    let path = pathBytes(raws[layer], layers[layer].offsets[next[layer]])
                    if winner < 0 || compareBytes(path, winnerPath) < 0 {
                        winner = layer
                        winnerPath = path
                    }
                }
                if winner < 0 { return count }
                let start = layers[winner].offsets[next[winner]]
                for layer in layers.indices where next[layer] < layers[layer].count {
                    if layer == winner || compareBytes(pathBytes(raws[layer], layers[layer].offsets[next[layer]]), winnerPath) == 0 {
                        next[layer] += 1
                    }
                }
                while nextRemoved < removed.count, removed[nextRemoved].withUnsafeBytes({ compareBytes($0, winnerPath) }) < 0 {
                    nextRemoved += 1
                }
                if nextRemoved < removed.count, removed[nextRemoved].withUnsafeBytes({ compareBytes($0, winnerPath) }) == 0 { continue }
                if keepingOffsets { offsets.append(out.count) }
                out += UnsafeRawBufferPointer(rebasing: raws[winner][start..<(start + pathOffset + winnerPath.count)])
                count += 1
            }
        }
    }

    /// Runs `body` with the bytes of every table in `layers` (those of `acquired` first).
    private static func withRawBytes<R>(of layers: ArraySlice<HashIndexTable>, acquired: [UnsafeRawBufferPointer],
                                        _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
        guard let first = layers.first else { return body(acquired) }
        return first.bytes.withUnsafeBytes { withRawBytes(of: layers.dropFirst(), acquired: acquired + [$0], body) }
    }

    /// The path of the entry at `offset`.
    private static func pathBytes(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UnsafeRawBufferPointer {
        let length = Int(BinaryFile.u32(raw, offset))
        return UnsafeRawBufferPointer(rebasing: raw[(offset + pathOffset)..<(offset + pathOffset + length)])
    }

    /// Builds an in-memory table from entries given in ascending path order.
    struct Builder {
        private(set) var bytes: [UInt8] = []
        private(set) var offsets: [Int] = []

        /// Appends an entry; false (and nothing appended) when `path` does not sort after the
        /// last one.
        mutating func append(_ path: String, _ entry: HashIndex.Entry) -> Bool {
            var path = path
            return path.withUTF8 { key in
                if let last = offsets.last {
                    let order = bytes.withUnsafeBytes { HashIndexTable.compare($0, last, UnsafeRawBufferPointer(key)) }
                    if order >= 0 { return false }
                }
                offsets.append(bytes.count)
                HashIndexTable.append(UnsafeRawBufferPointer(key), entry, to: &bytes)
                return true
            }
        }

        var table: HashIndexTable { HashIndexTable(entries: bytes, offsets: offsets) }
    }

    static func append(_ path: UnsafeRawBufferPointer, _ entry: HashIndex.Entry, to out: inout [UInt8]) {
        BinaryFile.append(UInt32(path.count), to: &out)
        BinaryFile.append(UInt64(bitPattern: entry.size), to: &out)
        BinaryFile.append(UInt64(bitPattern: entry.mtimeNs), to: &out)
        BinaryFile.append(UInt64(bitPattern: entry.ctimeNs), to: &out)
        BinaryFile.append(entry.inode, to: &out)
        out += entry.oid.bytes
        out += path
    }
}
