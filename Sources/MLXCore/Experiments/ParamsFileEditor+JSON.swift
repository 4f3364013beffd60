extension ParamsFileEditor {
    /// JSON: the value's text is replaced where it stands by the new value's compact JSON.
    static func editJSON(_ text: String, file: String, setting key: String, to value: ParamValue) throws -> String {
        _ = try JSONValueParser.parse(text, file: file)
        let bytes = Array(text.utf8)
        var locator = JSONValueLocator(bytes: bytes)
        guard let span = locator.span(of: key.split(separator: ".", omittingEmptySubsequences: false)[...]) else {
            throw notFound(key, file: file)
        }
        var edited = Array(bytes[..<span.lowerBound])
        edited += Array(value.canonicalJSON.utf8)
        edited += bytes[span.upperBound...]
        return String(decoding: edited, as: UTF8.self)
    }
}

extension ParamsFileEditor {
    /// `value` as JSON with each entry and item on a line of its own, indented by two spaces.
    static func appendIndentedJSON(_ value: ParamValue, indent: Int, to out: inout String) {
        let pad = String(repeating: " ", count: indent + 2), closing = String(repeating: " ", count: indent)
        switch value {
        case let .dict(entries) where !entries.isEmpty:
            out += "{\n"
            for (position, entry) in entries.enumerated() {
                out += pad
                ParamValue.appendJSONString(entry.key, to: &out)
                out += ": "
                appendIndentedJSON(entry.value, indent: indent + 2, to: &out)
                out += position == entries.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        case let .list(items) where !items.isEmpty:
            out += "[\n"
            for (position, item) in items.enumerated() {
                out += pad
                appendIndentedJSON(item, indent: indent + 2, to: &out)
                out += position == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        default:
            out += value.canonicalJSON
        }
    }
}

/// Finds the bytes of the value at a key path in JSON text that is known to be well formed.
struct JSONValueLocator {
    let bytes: [UInt8]
    var position = 0

    /// The byte range of the value at `path`, nil when there is none.
    mutating func span(of path: ArraySlice<Substring>) -> Range<Int>? {
        skipWhitespace()
        guard let segment = path.first else {
            let start = position
            skipValue()
            return start..<position
        }
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "{") {
            position += 1
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
                let name = readString()
                skipWhitespace()
                position += 1  // the colon
                if name == segment { return span(of: path.dropFirst()) }
                skipWhitespace()
                skipValue()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ",") else { return nil }
                position += 1
            }
        }
        if bytes[position] == UInt8(ascii: "["), let wanted = Int(segment) {
            position += 1
            var index = 0
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] != UInt8(ascii: "]") else { return nil }
                if index == wanted { return span(of: path.dropFirst()) }
                skipValue()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ",") else { return nil }
                position += 1
                index += 1
            }
        }
        return nil
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// Reads a string at `position` (on its opening quote), decoding the simple escapes.
    private mutating func readString() -> String {
        position += 1
        var out: [UInt8] = []
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count {
                let escaped = bytes[position + 1]
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "u"):
                    let hex = String(decoding: bytes[min(position + 2, bytes.count)..<min(position + 6, bytes.count)], as: UTF8.self)
                    if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) { out += Array(String(scalar).utf8) }
                    position += 4
                default: out.append(escaped)
                }
                position += 2
                continue
            }
            out.append(bytes[position])
            position += 1
        }
        position += 1
        return String(decoding: out, as: UTF8.self)
    }

    /// Moves past the value at `position`: a string, an object or array (brackets counted,
    /// strings inside skipped), or a literal or number.
    private mutating func skipValue() {
        guard position < bytes.count else { return }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            _ = readString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    _ = readString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                position += 1
            } while depth > 0 && position < bytes.count
        default:
            while position < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
                position += 1
            }
        }
    }
}
