/// A strict JSON (RFC 8259) reader producing `ParamValue`s, with line:column errors.
///
/// Foundation's `JSONSerialization` turns every number into `NSNumber` and forgets whether it
/// was written `1` or `1.0`, which params need to keep; it also reports no positions.
struct JSONValueParser {
    private var scanner: JSONScanner<PipelineError>
    private var depth = 0

    static func parse(_ text: String, file: String) throws(PipelineError) -> ParamValue {
        let bytes = Array(text.utf8)
        var parser = JSONValueParser(scanner: JSONScanner(bytes: bytes) { message, position in
            let (line, column) = JSONScanner<PipelineError>.lineAndColumn(of: position, in: bytes)
            return PipelineError(file: file, line: line, column: column, message: "malformed JSON: \(message)")
        })
        parser.scanner.skipWhitespace()
        let value = try parser.value()
        parser.scanner.skipWhitespace()
        if parser.scanner.current != nil { throw parser.scanner.fail("unexpected text after the JSON value") }
        return value
    }

    private init(scanner: JSONScanner<PipelineError>) {
        self.scanner = scanner
    }

    private mutating func value() throws(PipelineError) -> ParamValue {
        guard let byte = scanner.current else { throw scanner.fail("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try scanner.string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw scanner.fail("unexpected character `\(Character(Unicode.Scalar(byte)))`")
        }
    }

    private mutating func literal(_ word: StaticString) throws(PipelineError) {
        guard scanner.consume(literal: word) else { throw scanner.fail("expected `\(word)`") }
    }

    private mutating func nest() throws(PipelineError) {
        depth += 1
        if depth > 512 { throw scanner.fail("nesting is deeper than 512 levels") }
    }

    private mutating func object() throws(PipelineError) -> ParamValue {
        try nest()
        scanner.position += 1
        var entries: [ParamValue.Entry] = []
        var seen = Set<String>()
        if scanner.consume(UInt8(ascii: "}")) { depth -= 1; return .dict([]) }
        while true {
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: "\"") else { throw scanner.fail("expected a string key") }
            let keyStart = scanner.position
            let key = try scanner.string()
            guard seen.insert(key).inserted else { throw scanner.fail("duplicate key `\(key)`", at: keyStart) }
            guard scanner.consume(UInt8(ascii: ":")) else { throw scanner.fail("expected `:` after a key") }
            scanner.skipWhitespace()
            entries.append(.init(key: key, value: try value()))
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "}")) { break }
            throw scanner.fail("expected `,` or `}`")
        }
        depth -= 1
        return .dictionary(entries)
    }

    private mutating func array() throws(PipelineError) -> ParamValue {
        try nest()
        scanner.position += 1
        var items: [ParamValue] = []
        if scanner.consume(UInt8(ascii: "]")) { depth -= 1; return .list([]) }
        while true {
            scanner.skipWhitespace()
            items.append(try value())
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "]")) { break }
            throw scanner.fail("expected `,` or `]`")
        }
        depth -= 1
        return .list(items)
    }

    private mutating func number() throws(PipelineError) -> ParamValue {
        let start = scanner.position
        let (digits, isInteger) = try scanner.number()
        let text = String(decoding: digits, as: UTF8.self)
        if isInteger, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else {
            throw scanner.fail("number `\(text)` is out of range", at: start)
        }
        return .float(value)
    }
}
