/// The field encoding shared by mlx's binary cache files (the hash index, tree memos):
/// little-endian integers read in place from the loaded bytes, and a checksum that tells a torn
/// or damaged file from a good one.
enum BinaryFile {
    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    static func u64(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    static func i64(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int64 {
        Int64(bitPattern: u64(raw, offset))
    }

    static func u32(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// A fast 64-bit checksum over 8-byte words (multiply–rotate mixing, MurmurHash3's
    /// finaliser). It detects torn or damaged files; it is not meant to resist tampering,
    /// which a local cache file does not need.
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
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

    /// Appends the checksum of everything in `out` so far: the trailer of a finished file.
    static func appendChecksum(to out: inout [UInt8]) {
        let sum = out.withUnsafeBytes { checksum($0) }
        append(sum, to: &out)
    }

    /// Whether the last 8 bytes of `raw` are the checksum of the rest.
    static func checksumMatches(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard raw.count >= 8 else { return false }
        let bodyEnd = raw.count - 8
        return checksum(UnsafeRawBufferPointer(rebasing: raw[..<bodyEnd])) == u64(raw, bodyEnd)
    }
}
