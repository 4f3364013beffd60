/// A value from a params, vars or metrics file (YAML, JSON or TOML), as mlx compares,
/// records and hashes it.
///
/// Mappings keep their keys sorted (byte order), so two files that differ only in key order
/// hold equal values. Integers and floats stay distinct values (`1` and `1.0` are written back
/// as they were), but compare as the same number where a change is judged (`isEquivalent`).
public indirect enum ParamValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    case null
    case list([ParamValue])
    /// Entries sorted by key (byte order), keys unique: build with `ParamValue.dictionary(_:)`.
    case dict([Entry])

    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: ParamValue

        public init(key: String, value: ParamValue) {
            self.key = key
            self.value = value
        }
    }

    /// A mapping from entries in any order; a later duplicate key wins.
    public static func dictionary(_ entries: [Entry]) -> ParamValue {
        var byKey: [String: ParamValue] = [:]
        for entry in entries { byKey[entry.key] = entry.value }
        return .dict(byKey.map { Entry(key: $0.key, value: $0.value) }.sorted { precedes($0.key, $1.key) })
    }

    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        ByteOrder.precedes(lhs, rhs)
    }

    /// The value at a dotted key (`train.optimizer.lr`; a segment may index a list: `layers.0`).
    public func lookup(_ dottedKey: String) -> ParamValue? {
        var current = self
        for segment in dottedKey.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case let .dict(entries):
                guard let entry = entries.first(where: { $0.key == segment }) else { return nil }
                current = entry.value
            case let .list(items):
                guard let index = Int(segment), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The entry at `key` of a mapping.
    public subscript(key: String) -> ParamValue? {
        guard case let .dict(entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// Whether the value is a string, number, boolean or null.
    public var isScalar: Bool {
        switch self {
        case .list, .dict: return false
        default: return true
        }
    }

    /// Every scalar leaf under this value, keyed by its dotted path below `prefix`
    /// (an empty list or mapping is a leaf too), in key order.
    public func flattened(prefix: String = "") -> [(key: String, value: ParamValue)] {
        func join(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }
        switch self {
        case let .dict(entries) where !entries.isEmpty:
            return entries.flatMap { $0.value.flattened(prefix: join($0.key)) }
        case let .list(items) where !items.isEmpty && !items.allSatisfy(\.isScalar):
            return items.enumerated().flatMap { $0.element.flattened(prefix: join(String($0.offset))) }
        default:
            return [(prefix, self)]
        }
    }

    /// The value as text inside a command or path: strings bare, numbers and booleans as YAML
    /// would read them back; nil for lists and mappings.
    public var interpolationText: String? {
        switch self {
        case let .string(text): return text
        case let .integer(value): return String(value)
        case let .float(value): return ParamValue.format(value)
        case let .bool(value): return value ? "true" : "false"
        case .null: return "null"
        case .list, .dict: return nil
        }
    }

    /// How a value is shown in tables: like `interpolationText`, collections as compact JSON.
    public var displayText: String {
        interpolationText ?? canonicalJSON
    }

    /// Shortest round-tripping spelling of a float that YAML and JSON both read as a float:
    /// `0.01`, `1e-05`, `3.0`, `.inf`, `-.inf`, `.nan`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        return value.description
    }

    /// Canonical JSON: sorted keys, no whitespace, floats as `format` spells them (NaN and the
    /// infinities as the strings they are in YAML, since JSON has none).
    public var canonicalJSON: String {
        var out = ""
        appendJSON(to: &out)
        return out
    }

    func appendJSON(to out: inout String) {
        switch self {
        case let .string(text): ParamValue.appendJSONString(text, to: &out)
        case let .integer(value): out += String(value)
        case let .float(value):
            if value.isFinite { out += ParamValue.format(value) } else { ParamValue.appendJSONString(ParamValue.format(value), to: &out) }
        case let .bool(value): out += value ? "true" : "false"
        case .null: out += "null"
        case let .list(items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.appendJSON(to: &out)
            }
            out += "]"
        case let .dict(entries):
            out += "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { out += "," }
                ParamValue.appendJSONString(entry.key, to: &out)
                out += ":"
                entry.value.appendJSON(to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal with the minimal escapes.
    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension ParamValue: Encodable {
    /// Encodes as the natural JSON value (for `--json` output).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .string(text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case let .integer(value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case let .float(value):
            var container = encoder.singleValueContainer()
            if value.isFinite { try container.encode(value) } else { try container.encode(ParamValue.format(value)) }
        case let .bool(value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case let .list(items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case let .dict(entries):
            var container = encoder.container(keyedBy: DynamicKey.self)
            for entry in entries { try container.encode(entry.value, forKey: DynamicKey(entry.key)) }
        }
    }
}

/// A coding key made from any string (for maps keyed by paths, stage names, params).
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension SourceNode {
    /// The node as a value. Duplicate keys are refused by the YAML parser already.
    func paramValue() throws(PipelineError) -> ParamValue {
        switch kind {
        case let .scalar(text, type):
            switch type {
            case .string: return .string(text)
            case .null: return .null
            case .bool:
                return .bool(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"].contains(text))
            case .integer:
                guard let value = SourceNode.parseInteger(text) else {
                    throw PipelineError(self, "integer `\(text)` does not fit in 64 bits")
                }
                return .integer(value)
            case .float:
                guard let value = SourceNode.parseFloat(text) else {
                    throw PipelineError(self, "cannot read `\(text)` as a number")
                }
                return .float(value)
            }
        case let .sequence(items):
            var values: [ParamValue] = []
            for item in items { values.append(try item.paramValue()) }
            return .list(values)
        case let .mapping(pairs):
            var entries: [ParamValue.Entry] = []
            for pair in pairs { entries.append(.init(key: pair.key.scalarText ?? "", value: try pair.value.paramValue())) }
            return .dictionary(entries)
        }
    }

    /// YAML 1.1 integers as Yams resolves them: decimal (leading zeros read as decimal, as in
    /// YAML 1.2), `0x`, `0o`, `0b`, underscores allowed.
    static func parseInteger(_ text: String) -> Int64? {
        var body = text.replacingOccurrences(of: "_", with: "")
        var negative = false
        if body.hasPrefix("-") || body.hasPrefix("+") {
            negative = body.hasPrefix("-")
            body.removeFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            radix = base
            body.removeFirst(2)
        }
        guard let magnitude = UInt64(body, radix: radix) else { return nil }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: return Double(text.replacingOccurrences(of: "_", with: ""))
        }
    }
}
