/// The reading both of mlx's JSON (RFC 8259) parsers share — manifests and params files —
/// over raw bytes: whitespace, punctuation, strings with their escapes, numbers and literals.
///
/// Each parser says how a failure at a byte position reads (`at byte 96` for a manifest,
/// `p.json:2:7:` for a params file); the scanner throws what `failure` makes. Manifests hold
/// 100k entries, so a string without escapes becomes a `String` straight from its bytes.
struct JSONScanner<Failure: Error> {
    let bytes: [UInt8]
    /// The byte offset of the next byte to read.
    var position = 0
    private let failure: (_ message: String, _ position: Int) -> Failure

    init(bytes: [UInt8], failure: @escaping (_ message: String, _ position: Int) -> Failure) {
        self.bytes = bytes
        self.failure = failure
    }

    /// The next byte, or `nil` at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The failure `message` makes at the current position, or at `position`.
    func fail(_ message: String, at position: Int? = nil) -> Failure {
        failure(message, position ?? self.position)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Skips whitespace, then reads `byte` if it comes next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard current == byte else { return false }
        position += 1
        return true
    }

    /// Skips whitespace, then reads `byte` or fails with "expected `byte`".
    mutating func expect(_ byte: UInt8) throws(Failure) {
        guard consume(byte) else { throw fail("expected `\(Character(Unicode.Scalar(byte)))`") }
    }

    /// Reads `word` (`true`, `false`, `null`) if it comes next.
    mutating func consume(literal word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    /// Reads a string whose opening quote is the next byte.
    mutating func string() throws(Failure) -> String {
        let start = position
        guard current == UInt8(ascii: "\"") else { throw fail("expected a string") }
        position += 1
        let contentStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return try text(of: bytes[contentStart..<position - 1], from: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("control character in a string") }
            position += 1
        }
        var decoded = Array(bytes[contentStart..<position])
        while true {
            guard let byte = current else { throw fail("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try text(of: decoded[...], from: start)
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case 0..<0x20:
                position -= 1
                throw fail("control character in a string")
            default:
                decoded.append(byte)
            }
        }
    }

    private func text(of utf8: ArraySlice<UInt8>, from start: Int) throws(Failure) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw fail("invalid UTF-8 in a string", at: start) }
        return text
    }

    /// Decodes the escape after a backslash, appending its UTF-8.
    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        guard let escape = current else { throw fail("unterminated string") }
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var value = try hex4()
            if (0xDC00...0xDFFF).contains(value) { throw fail("lone UTF-16 surrogate in a string") }
            if (0xD800...0xDBFF).contains(value) {
                guard consume(literal: "\\u") else { throw fail("lone UTF-16 surrogate in a string") }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone UTF-16 surrogate in a string") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw fail("bad `\\u` escape") }
            decoded.append(contentsOf: String(scalar).utf8)
        default:
            throw fail("bad escape `\\\(Character(Unicode.Scalar(escape)))`")
        }
    }

    /// Four hex digits, as `\u` takes them.
    private mutating func hex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("bad `\\u` escape") }
        var value: UInt32 = 0
        for byte in bytes[position..<position + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("bad `\\u` escape")
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }

    /// Reads a number whose first byte (`-` or a digit) is next: its bytes, and whether it was
    /// written as an integer (no fraction, no exponent).
    mutating func number() throws(Failure) -> (text: ArraySlice<UInt8>, isInteger: Bool) {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        if integerDigits == 0 { throw fail("expected digits") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
            position = integerStart
            throw fail("numbers must not have leading zeros")
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            if digits() == 0 { throw fail("expected digits after `.`") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            if digits() == 0 { throw fail("expected digits in the exponent") }
        }
        return (bytes[start..<position], isInteger)
    }

    private mutating func digits() -> Int {
        let start = position
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    /// The 1-based line and column (in Unicode scalars) of byte `position` in `bytes`, for messages.
    static func lineAndColumn(of position: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
