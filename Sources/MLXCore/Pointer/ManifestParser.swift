import Foundation
import MLXHash

/// A recursive-descent reader for the one JSON shape a manifest has.
struct ManifestParser {
    let bytes: [UInt8]
    let oid: String
    var index = 0

    init(bytes: [UInt8], oid: String) {
        self.bytes = bytes
        self.oid = oid
    }

    func fail(_ message: String, relpath: String? = nil) -> ManifestError {
        ManifestError(oid: oid, relpath: relpath, message: "\(message) at byte \(index)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func expect(_ character: Character) throws(ManifestError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == character.asciiValue! else {
            throw fail("expected `\(character)`")
        }
        index += 1
    }

    mutating func peek(_ character: Character) -> Bool {
        skipWhitespace()
        return index < bytes.count && bytes[index] == character.asciiValue!
    }

    mutating func parse() throws(ManifestError) -> [Manifest.Entry] {
        var entries: [Manifest.Entry] = []
        try expect("[")
        if peek("]") {
            index += 1
        } else {
            repeat {
                entries.append(try entry())
                if peek(",") { index += 1; continue }
                try expect("]")
                break
            } while true
        }
        skipWhitespace()
        if index != bytes.count { throw fail("unexpected data after the list") }
        return entries
    }

    mutating func entry() throws(ManifestError) -> Manifest.Entry {
        try expect("{")
        var oidValue: Digest?
        var relpath: String?
        var size: Int64?
        var isexec: Bool?
        repeat {
            let key = try string()
            try expect(":")
            switch key {
            case "oid":
                guard oidValue == nil else { throw fail("duplicate key `oid`") }
                let text = try string()
                guard let digest = ObjectID.digest(strictHex: text) else {
                    throw fail("oid must be 64 lower-case hex characters", relpath: relpath)
                }
                oidValue = digest
            case "relpath":
                guard relpath == nil else { throw fail("duplicate key `relpath`") }
                relpath = try string()
            case "size":
                guard size == nil else { throw fail("duplicate key `size`") }
                size = try integer()
            case "isexec":
                guard isexec == nil else { throw fail("duplicate key `isexec`") }
                isexec = try boolean()
            default:
                throw fail("unknown key `\(key)`", relpath: relpath)
            }
            if peek(",") { index += 1; continue }
            try expect("}")
            break
        } while true
        guard let oidValue, let relpath, let size else {
            throw fail("entry needs `oid`, `relpath` and `size`", relpath: relpath)
        }
        return Manifest.Entry(oid: oidValue, relpath: relpath, size: size, isexec: isexec ?? false)
    }

    mutating func string() throws(ManifestError) -> String {
        try expect("\"")
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return text
            case 0..<0x20:
                throw fail("raw control character in string")
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw fail("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var value = try hex4()
                    if (0xD800..<0xDC00).contains(value) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate in string")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in string") }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw fail("invalid escape in string") }
                    out += Array(String(Character(scalar)).utf8)
                default:
                    throw fail("invalid escape in string")
                }
            default:
                out.append(byte)
            }
        }
    }

    mutating func hex4() throws(ManifestError) -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
              bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else {
            throw fail("invalid \\u escape")
        }
        index += 4
        return value
    }

    mutating func integer() throws(ManifestError) -> Int64 {
        skipWhitespace()
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        let digits = bytes[start..<index]
        guard !digits.isEmpty, digits.first != UInt8(ascii: "0") || digits.count == 1,
              let value = Int64(String(decoding: digits, as: UTF8.self)) else {
            index = start
            throw fail("size must be a non-negative integer")
        }
        return value
    }

    mutating func boolean() throws(ManifestError) -> Bool {
        skipWhitespace()
        if bytes[index...].starts(with: "true".utf8) { index += 4; return true }
        if bytes[index...].starts(with: "false".utf8) { index += 5; return false }
        throw fail("isexec must be true or false")
    }
}
