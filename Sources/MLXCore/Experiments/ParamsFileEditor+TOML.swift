import TOMLKit

extension ParamsFileEditor {
    /// TOML: the document is written again from its values (TOMLKit keeps no comments), with the
    /// new value in place.
    static func rewriteTOML(_ text: String, file: String, setting key: String, to value: ParamValue) throws -> String {
        guard case let .dict(entries)? = try ParamsFile.parseTOML(text, file: file).setting(Substring(key), to: value) else {
            throw notFound(key, file: file)
        }
        return try tomlText(entries, file: file)
    }

    /// A TOML document holding `entries`.
    static func tomlText(_ entries: [ParamValue.Entry], file: String) throws -> String {
        let table = TOMLTable()
        for entry in entries { table[entry.key] = try tomlValue(entry.value, file: file, key: entry.key) }
        var out = table.convert(to: .toml)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    private static func tomlValue(_ value: ParamValue, file: String, key: String) throws -> any TOMLValueConvertible {
        switch value {
        case let .string(text): return text
        case let .integer(number): return Int(number)
        case let .float(number): return number
        case let .bool(flag): return flag
        case .null:
            throw ExperimentError("params file \(file): TOML has no null value for '\(key)'", hint: "give a string, number or boolean")
        case let .list(items):
            let array = TOMLArray()
            for (index, item) in items.enumerated() { array.append(try tomlValue(item, file: file, key: "\(key).\(index)")) }
            return array
        case let .dict(entries):
            let table = TOMLTable(inline: false)
            for entry in entries { table[entry.key] = try tomlValue(entry.value, file: file, key: "\(key).\(entry.key)") }
            return table
        }
    }
}
