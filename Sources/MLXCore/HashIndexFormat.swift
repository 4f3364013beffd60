import MLXHash

/// The on-disk form of a `HashIndex`: compact, fixed-width where possible, checksummed.
///
/// ```
/// header  "MLXHIDX\n" | version u32 = 1 | reserved u32 = 0 | count u64 | written-at ns i64
/// entry   path length u32 | size i64 | mtime ns i64 | ctime ns i64 | inode u64 | oid 32 bytes | path
/// trailer checksum u64 of everything before it
/// ```
/// All integers little-endian. About 100 bytes per entry, so 100,000 files take ~10 MB and load
/// in a single pass without any per-field parsing.
enum HashIndexFormat {
    static let magic = Array("MLXHIDX\n".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32
    static let fixedEntrySize = 4 + 8 * 4 + 32

    struct Damage: Error {
        let reason: String
    }

    static func encode(_ entries: [String: HashIndex.Entry], writtenAt: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(headerSize + entries.count * (fixedEntrySize + 48) + 8)
        out += magic
        append(version, to: &out)
        append(UInt32(0), to: &out)
        append(UInt64(entries.count), to: &out)
        append(UInt64(bitPattern: writtenAt), to: &out)
        for (path, entry) in entries {
            let pathBytes = Array(path.utf8)
            append(UInt32(pathBytes.count), to: &out)
            append(UInt64(bitPattern: entry.size), to: &out)
            append(UInt64(bitPattern: entry.mtimeNs), to: &out)
            append(UInt64(bitPattern: entry.ctimeNs), to: &out)
            append(entry.inode, to: &out)
            out += entry.oid.bytes
            out += pathBytes
        }
        append(checksum(out[...]), to: &out)
        return out
    }

    /// Parses and checks the file; entries that were racy when it was written are left out.
    static func decode(_ bytes: [UInt8]) throws(Damage) -> [String: HashIndex.Entry] {
        guard bytes.count >= headerSize + 8, bytes.starts(with: magic) else { throw Damage(reason: "not a hash index") }
        let result: Result<[String: HashIndex.Entry], Damage> = bytes.withUnsafeBytes { raw in
            func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
            func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
            let bodyEnd = raw.count - 8
            guard u32(8) == version else { return .failure(Damage(reason: "unknown hash index version \(u32(8))")) }
            guard checksum(bytes[..<bodyEnd]) == u64(bodyEnd) else { return .failure(Damage(reason: "hash index checksum mismatch")) }
            let count = u64(16)
            let writtenAt = Int64(bitPattern: u64(24))
            let racyFrom = writtenAt - HashIndex.racyWindowNs
            guard count <= UInt64(bodyEnd / fixedEntrySize) else { return .failure(Damage(reason: "hash index is truncated")) }
            var entries: [String: HashIndex.Entry] = [:]
            entries.reserveCapacity(Int(count))
            var offset = headerSize
            for _ in 0..<count {
                guard offset + fixedEntrySize <= bodyEnd else { return .failure(Damage(reason: "hash index is truncated")) }
                let length = Int(u32(offset))
                let pathStart = offset + fixedEntrySize
                guard length <= bodyEnd - pathStart else { return .failure(Damage(reason: "hash index is truncated")) }
                let mtime = Int64(bitPattern: u64(offset + 12))
                if mtime < racyFrom {
                    let path = String(decoding: UnsafeRawBufferPointer(rebasing: raw[pathStart..<pathStart + length]), as: UTF8.self)
                    let oid = Digest(bytes: Array(raw[(offset + 36)..<(offset + 68)]))
                    entries[path] = HashIndex.Entry(size: Int64(bitPattern: u64(offset + 4)), mtimeNs: mtime,
                                                    ctimeNs: Int64(bitPattern: u64(offset + 20)), inode: u64(offset + 28), oid: oid)
                }
                offset = pathStart + length
            }
            guard offset == bodyEnd else { return .failure(Damage(reason: "hash index has trailing data")) }
            return .success(entries)
        }
        return try result.get()
    }

    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    /// A fast 64-bit checksum over 8-byte words (multiply–rotate mixing, MurmurHash3's
    /// finaliser). It detects torn or damaged files; it is not meant to resist tampering,
    /// which a local cache index does not need.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            let words = raw.count / 8
            var offset = 0
            for _ in 0..<words {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                hash ^= word &* 0x87C3_7B91_1142_53D5
                hash = (hash << 31 | hash >> 33) &* 0x4CF5_AD43_2745_937F
                offset += 8
            }
            var tail: UInt64 = 0
            for index in offset..<raw.count { tail = tail << 8 | UInt64(raw[index]) }
            hash ^= tail &* 0x87C3_7B91_1142_53D5
            hash ^= hash >> 33
            hash = hash &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 33
            hash = hash &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 33
            return hash
        }
    }
}
