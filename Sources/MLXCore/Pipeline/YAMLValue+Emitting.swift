import Foundation
import Yams

/// The canonical block layout of YAML values, shared by every file mlx writes in YAML.
///
/// The layout is fixed by hand rather than left to libyaml's emitter so that it can never drift
/// with a library upgrade: two-space indentation, block sequences at their key's indentation
/// (`outs:\n- path: …`), `[]`/`{}` for empty collections, `\n` line ends, no trailing spaces.
extension YAMLValue {
    /// Appends `entries` as a block mapping whose keys sit at column `indent`; the first line
    /// starts with `firstPrefix` instead of spaces when the mapping is a sequence item.
    static func emit(entries: [Entry], indent: Int, firstPrefix: String? = nil, into out: inout String) {
        for (index, entry) in entries.enumerated() {
            let prefix = index == 0 ? (firstPrefix ?? spaces(indent)) : spaces(indent)
            let key = render(scalar: entry.key)
            switch entry.value {
            case .string, .literal:
                out += prefix + key + ": " + render(scalar: entry.value) + "\n"
            case let .sequence(items) where items.isEmpty:
                out += prefix + key + ": []\n"
            case let .mapping(nested) where nested.isEmpty:
                out += prefix + key + ": {}\n"
            case let .sequence(items):
                out += prefix + key + ":\n"
                emit(items: items, indent: indent, into: &out)
            case let .mapping(nested):
                out += prefix + key + ":\n"
                emit(entries: nested, indent: indent + 2, into: &out)
            }
        }
    }

    /// Appends `items` as a block sequence whose dashes sit at column `indent`.
    static func emit(items: [YAMLValue], indent: Int, firstPrefix: String? = nil, into out: inout String) {
        for (index, item) in items.enumerated() {
            let prefix = (index == 0 ? (firstPrefix ?? spaces(indent)) : spaces(indent)) + "- "
            switch item {
            case .string, .literal:
                out += prefix + render(scalar: item) + "\n"
            case let .sequence(nested) where nested.isEmpty:
                out += prefix + "[]\n"
            case let .mapping(nested) where nested.isEmpty:
                out += prefix + "{}\n"
            case let .sequence(nested):
                emit(items: nested, indent: indent + 2, firstPrefix: prefix, into: &out)
            case let .mapping(nested):
                emit(entries: nested, indent: indent + 2, firstPrefix: prefix, into: &out)
            }
        }
    }

    private static func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

    /// The canonical spelling of a scalar. Collections never reach here.
    static func render(scalar: YAMLValue) -> String {
        switch scalar {
        case let .literal(text):
            // A literal that would read back as a string (built by hand, not decoded) is written
            // as a string so the output stays valid YAML.
            if isPlainSafe(text) && resolvesToString(text) == false { return text }
            return render(string: text)
        case let .string(text):
            return render(string: text)
        case .sequence, .mapping:
            return "[]"
        }
    }

    /// Plain when YAML reads the bare text back as the same string; else single quotes when
    /// every character is printable; else double quotes with escapes.
    static func render(string text: String) -> String {
        if isPlainSafe(text) && resolvesToString(text) { return text }
        if text.unicodeScalars.allSatisfy(isPrintableInQuotes) {
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if isPrintableInQuotes(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else {
                    out += "\\u" + hex(scalar.value, width: 4)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Characters that may appear raw inside quotes on one line: YAML's printable set minus the
    /// tab and the Unicode line and paragraph separators, which libyaml would fold.
    static func isPrintableInQuotes(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return true
        case 0xA0...0xD7FF: return scalar.value != 0x2028 && scalar.value != 0x2029
        case 0xE000...0xFFFD: return scalar.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Whether `text` can be written without quotes in block context (ignoring what type YAML
    /// would read it as): no indicator first, no `: ` or ` #`, no edge spaces, printable only.
    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) || first == " " { return false }
        if last == " " || last == ":" { return false }
        if text.hasPrefix("...") { return false }
        if text.contains(": ") || text.contains(" #") { return false }
        return text.unicodeScalars.allSatisfy(isPrintableInQuotes)
    }

    /// Whether YAML 1.1 (as Yams resolves it) reads the bare `text` as a string.
    static func resolvesToString(_ text: String) -> Bool {
        Resolver.default.resolveTag(of: Node(text)) == .str
    }
}
