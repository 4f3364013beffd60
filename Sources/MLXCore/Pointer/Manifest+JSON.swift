import MLXHash

extension Manifest {
    /// The canonical JSON bytes: keys `oid`, `relpath`, `size`, then `isexec` only when true;
    /// no whitespace; strings escaped per RFC 8259 (`"`, `\`, control characters as `\u00XX`),
    /// everything else — `/` and non-ASCII included — written raw as UTF-8.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 150 + 2)
        encode { out += $0 }
        return out
    }

    /// `encoded()` in pieces of about `pieceSize` bytes, each handed to `consume` in order (the
    /// buffer is reused once it returns), so that hashing a manifest never holds all of it.
    func encode(pieceSize: Int = 64 * 1024, _ consume: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(pieceSize + 512)
        out.append(UInt8(ascii: "["))
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"oid":""#.utf8
            out += entry.oid.hex.utf8
            out += #"","relpath":"#.utf8
            Manifest.appendJSONString(entry.relpath, to: &out)
            out += #","size":"#.utf8
            out += String(entry.size).utf8
            if entry.isexec { out += #","isexec":true"#.utf8 }
            out.append(UInt8(ascii: "}"))
            if out.count >= pieceSize {
                consume(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(UInt8(ascii: "]"))
        consume(out)
    }

    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses a manifest read from the cache or a remote. Strict: only the canonical bytes
    /// `encoded()` would produce are accepted, so a manifest cannot list files in a way its
    /// oid does not pin down. Errors name `oid`.
    public static func decode(_ bytes: [UInt8], oid: ObjectID) throws(ManifestError) -> Manifest {
        var parser = ManifestParser(bytes: bytes, oid: oid.string)
        let entries = try parser.parse()
        try check(entries, oid: oid.string)
        let manifest = Manifest(checkedEntries: entries)
        if manifest.encoded() != bytes {
            throw ManifestError(oid: oid.string, message: "manifest is not in canonical form",
                                hint: "it was not written by mlx; remove it and add the directory again")
        }
        return manifest
    }
}
