/// A strict JSON (RFC 8259) reader producing `ParamValue`s, with line:column errors.
///
/// Foundation's `JSONSerialization` turns every number into `NSNumber` and forgets whether it
/// was written `1` or `1.0`, which params need to keep; it also reports no positions.
struct JSONValueParser {
    private let bytes: [UInt8]
    private let file: String
    private var position = 0
    private var depth = 0

    static func parse(_ text: String, file: String) throws(PipelineError) -> ParamValue {
        var parser = JSONValueParser(bytes: Array(text.utf8), file: file)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        if parser.position < parser.bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private func error(_ message: String) -> PipelineError {
        var line = 1, column = 1
        var index = 0
        while index < min(position, bytes.count) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return PipelineError(file: file, line: line, column: column, message: "malformed JSON: \(message)")
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func value() throws(PipelineError) -> ParamValue {
        guard let byte = current else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character `\(Character(Unicode.Scalar(byte)))`")
        }
    }

    private mutating func literal(_ word: String) throws(PipelineError) {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw error("expected `\(word)`")
        }
        position += utf8.count
    }

    private mutating func nest() throws(PipelineError) {
        depth += 1
        if depth > 512 { throw error("nesting is deeper than 512 levels") }
    }

    private mutating func object() throws(PipelineError) -> ParamValue {
        try nest()
        position += 1
        var entries: [ParamValue.Entry] = []
        var seen = Set<String>()
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; depth -= 1; return .dict([]) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyStart = position
            let key = try string()
            guard seen.insert(key).inserted else {
                position = keyStart
                throw error("duplicate key `\(key)`")
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected `:` after a key") }
            position += 1
            skipWhitespace()
            entries.append(.init(key: key, value: try value()))
            skipWhitespace()
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "}") { position += 1; break }
            throw error("expected `,` or `}`")
        }
        depth -= 1
        return .dictionary(entries)
    }

    private mutating func array() throws(PipelineError) -> ParamValue {
        try nest()
        position += 1
        var items: [ParamValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; depth -= 1; return .list([]) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "]") { position += 1; break }
            throw error("expected `,` or `]`")
        }
        depth -= 1
        return .list(items)
    }

    private mutating func string() throws(PipelineError) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        var raw: [UInt8] = []
        func flushRaw() throws(PipelineError) {
            guard !raw.isEmpty else { return }
            guard let text = String(validating: raw, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
            scalars.append(contentsOf: text.unicodeScalars)
            raw.removeAll()
        }
        while true {
            guard let byte = current else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") { position += 1; break }
            if byte < 0x20 { throw error("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                if pendingHigh != nil { throw error("lone UTF-16 surrogate in a string") }
                raw.append(byte)
                position += 1
                continue
            }
            try flushRaw()
            position += 1
            guard let escape = current else { throw error("unterminated string") }
            position += 1
            var decoded: UInt32
            switch escape {
            case UInt8(ascii: "\""): decoded = 0x22
            case UInt8(ascii: "\\"): decoded = 0x5C
            case UInt8(ascii: "/"): decoded = 0x2F
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "u"):
                guard position + 4 <= bytes.count,
                      let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
                    throw error("bad `\\u` escape")
                }
                position += 4
                decoded = code
            default: throw error("bad escape `\\\(Character(Unicode.Scalar(escape)))`")
            }
            if let high = pendingHigh {
                guard (0xDC00...0xDFFF).contains(decoded) else { throw error("lone UTF-16 surrogate in a string") }
                decoded = 0x10000 + ((high - 0xD800) << 10) + (decoded - 0xDC00)
                pendingHigh = nil
            } else if (0xD800...0xDBFF).contains(decoded) {
                pendingHigh = decoded
                continue
            } else if (0xDC00...0xDFFF).contains(decoded) {
                throw error("lone UTF-16 surrogate in a string")
            }
            guard let scalar = Unicode.Scalar(decoded) else { throw error("bad `\\u` escape") }
            scalars.append(scalar)
        }
        if pendingHigh != nil { throw error("lone UTF-16 surrogate in a string") }
        try flushRaw()
        return String(scalars)
    }

    private mutating func number() throws(PipelineError) -> ParamValue {
        let start = position
        var isFloat = false
        if current == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            var count = 0
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1; count += 1 }
            return count
        }
        let integerStart = position
        let integerDigits = digits()
        if integerDigits == 0 { throw error("expected digits") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
            position = integerStart
            throw error("numbers must not have leading zeros")
        }
        if current == UInt8(ascii: ".") {
            isFloat = true
            position += 1
            if digits() == 0 { throw error("expected digits after `.`") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isFloat = true
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            if digits() == 0 { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if !isFloat, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else {
            position = start
            throw error("number `\(text)` is out of range")
        }
        return .float(value)
    }
}
