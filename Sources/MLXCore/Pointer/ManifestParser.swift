import MLXHash

/// A recursive-descent reader for the one JSON shape a manifest has.
struct ManifestParser {
    private var scanner: JSONScanner<ManifestError>
    private let oid: String

    init(bytes: [UInt8], oid: String) {
        self.oid = oid
        scanner = JSONScanner(bytes: bytes) { message, position in
            ManifestError(oid: oid, message: "\(message) at byte \(position)")
        }
    }

    private func fail(_ message: String, relpath: String?, at position: Int? = nil) -> ManifestError {
        ManifestError(oid: oid, relpath: relpath, message: "\(message) at byte \(position ?? scanner.position)")
    }

    mutating func parse() throws(ManifestError) -> [Manifest.Entry] {
        var entries: [Manifest.Entry] = []
        try scanner.expect(UInt8(ascii: "["))
        if !scanner.consume(UInt8(ascii: "]")) {
            repeat {
                entries.append(try entry())
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "]"))
        }
        scanner.skipWhitespace()
        if scanner.current != nil { throw scanner.fail("unexpected data after the list") }
        return entries
    }

    private mutating func entry() throws(ManifestError) -> Manifest.Entry {
        try scanner.expect(UInt8(ascii: "{"))
        var oidValue: Digest?
        var relpath: String?
        var size: Int64?
        var isexec: Bool?
        repeat {
            let key = try string()
            try scanner.expect(UInt8(ascii: ":"))
            switch key {
            case "oid":
                guard oidValue == nil else { throw scanner.fail("duplicate key `oid`") }
                guard let digest = ObjectID.digest(strictHex: try string()) else {
                    throw fail("oid must be 64 lower-case hex characters", relpath: relpath)
                }
                oidValue = digest
            case "relpath":
                guard relpath == nil else { throw scanner.fail("duplicate key `relpath`") }
                relpath = try string()
            case "size":
                guard size == nil else { throw scanner.fail("duplicate key `size`") }
                size = try count()
            case "isexec":
                guard isexec == nil else { throw scanner.fail("duplicate key `isexec`") }
                isexec = try boolean()
            default:
                throw fail("unknown key `\(key)`", relpath: relpath)
            }
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"))
        guard let oidValue, let relpath, let size else {
            throw fail("entry needs `oid`, `relpath` and `size`", relpath: relpath)
        }
        return Manifest.Entry(oid: oidValue, relpath: relpath, size: size, isexec: isexec ?? false)
    }

    private mutating func string() throws(ManifestError) -> String {
        scanner.skipWhitespace()
        return try scanner.string()
    }

    /// A size: a JSON integer without a sign.
    private mutating func count() throws(ManifestError) -> Int64 {
        scanner.skipWhitespace()
        let start = scanner.position
        guard scanner.current != UInt8(ascii: "-"), let number = try? scanner.number(), number.isInteger,
              let value = Int64(String(decoding: number.text, as: UTF8.self)) else {
            throw scanner.fail("size must be a non-negative integer", at: start)
        }
        return value
    }

    private mutating func boolean() throws(ManifestError) -> Bool {
        scanner.skipWhitespace()
        if scanner.consume(literal: "true") { return true }
        if scanner.consume(literal: "false") { return false }
        throw scanner.fail("isexec must be true or false")
    }
}
