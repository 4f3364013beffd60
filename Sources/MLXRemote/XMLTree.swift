/// A parsed XML element: the small subset S3 answers in (elements, text, the five named
/// entities, numeric references, CDATA; attributes, comments, processing instructions and
/// namespace prefixes are skipped). Not called XMLElement, which Foundation has on macOS.
///
/// Hand-written instead of FoundationXML because FoundationXML would make the `mlx` binary
/// depend on libxml2 at run time for a handful of fixed, flat documents.
struct XMLTree: Sendable, Equatable {
    /// The local name (any `prefix:` removed).
    var name: String
    var children: [XMLTree] = []
    /// The element's own text, entities decoded, surrounding whitespace kept.
    var text: String = ""

    /// The first child called `name`.
    func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Every child called `name`, in document order.
    func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The text of the first child called `name`.
    func text(of name: String) -> String? { child(name)?.text }

    /// Parses a whole document and returns its root element.
    static func parse(_ bytes: [UInt8]) throws(XMLParseError) -> XMLTree {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }
}

struct XMLParseError: Error, Sendable, CustomStringConvertible {
    let offset: Int
    let reason: String
    var description: String { "malformed XML at byte \(offset): \(reason)" }
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(XMLParseError) -> XMLTree {
        var stack = [XMLTree]()
        var text = [UInt8]()
        var root: XMLTree?
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                text.append(bytes[index])
                index += 1
                continue
            }
            if starts(with: "<![CDATA[") {
                index += 9
                let end = try find("]]>")
                if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: bytes[index..<end], as: UTF8.self) }
                index = end + 3
            } else if starts(with: "<!--") {
                index = try find("-->") + 3
            } else if starts(with: "<?") {
                index = try find("?>") + 2
            } else if starts(with: "<!") {
                index = try find(">") + 1
            } else if starts(with: "</") {
                flush(&text, into: &stack)
                index += 2
                let name = readName()
                index = try find(">") + 1
                guard let element = stack.popLast(), element.name == localName(name) else {
                    throw XMLParseError(offset: index, reason: "unexpected closing tag '\(name)'")
                }
                if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
            } else {
                flush(&text, into: &stack)
                index += 1
                let name = readName()
                guard !name.isEmpty else { throw XMLParseError(offset: index, reason: "empty tag name") }
                let end = try tagEnd()
                let selfClosing = bytes[end - 1] == UInt8(ascii: "/")
                index = end + 1
                let element = XMLTree(name: localName(name))
                if selfClosing {
                    if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                } else {
                    stack.append(element)
                }
            }
        }
        guard stack.isEmpty, let root else {
            throw XMLParseError(offset: index, reason: stack.isEmpty ? "no root element" : "unclosed '\(stack.last!.name)'")
        }
        return root
    }

    private func localName(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    private mutating func flush(_ text: inout [UInt8], into stack: inout [XMLTree]) {
        if !stack.isEmpty && !text.isEmpty { stack[stack.count - 1].text += Self.decodeEntities(text) }
        text.removeAll(keepingCapacity: true)
    }

    private func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { Array($0) == Array(bytes[index..<index + count]) }
    }

    private func find(_ terminator: StaticString) throws(XMLParseError) -> Int {
        let pattern = terminator.withUTF8Buffer { Array($0) }
        var position = index
        while position + pattern.count <= bytes.count {
            if bytes[position] == pattern[0] && Array(bytes[position..<position + pattern.count]) == pattern { return position }
            position += 1
        }
        throw XMLParseError(offset: index, reason: "missing '\(terminator)'")
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, !" \t\r\n/>".utf8.contains(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// The offset of the `>` closing the current start tag, skipping quoted attribute values.
    private func tagEnd() throws(XMLParseError) -> Int {
        var position = index
        var quote: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return position
            }
            position += 1
        }
        throw XMLParseError(offset: index, reason: "unterminated start tag")
    }

    static func decodeEntities(_ bytes: [UInt8]) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&"),
                  let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                out.append(bytes[index])
                index += 1
                continue
            }
            let entity = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            let replacement: String? = switch entity {
            case "amp": "&"
            case "lt": "<"
            case "gt": ">"
            case "quot": "\""
            case "apos": "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if entity.hasPrefix("#") {
                    UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    nil
                }
            }
            if let replacement {
                out.append(contentsOf: replacement.utf8)
                index = semicolon + 1
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
