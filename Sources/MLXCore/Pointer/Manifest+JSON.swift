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
            Manifest.appendEntry(oid: entry.oid, relpath: entry.relpath.utf8, size: entry.size, isexec: entry.isexec,
                                 first: index == 0, to: &out)
            if out.count >= pieceSize {
                consume(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(UInt8(ascii: "]"))
        consume(out)
    }

    /// One entry's canonical JSON, preceded by a comma unless it is the `first`; what `encode`
    /// writes between the brackets, for code that holds entries in another form (`TreeMemo`).
    static func appendEntry(oid: Digest, relpath: some Collection<UInt8>, size: Int64, isexec: Bool, first: Bool,
                            to out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        out += #"{"oid":""#.utf8
        oid.appendHex(to: &out)
        out += #"","relpath":"#.utf8
        appendJSONString(relpath, to: &out)
        out += #","size":"#.utf8
        out += String(size).utf8
        if isexec { out += #","isexec":true"#.utf8 }
        out.append(UInt8(ascii: "}"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        appendJSONString(text.utf8, to: &out)
    }

    static func appendJSONString(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        let hexDigits = Manifest.hexDigits
        out.append(UInt8(ascii: "\""))
        for byte in text {
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
