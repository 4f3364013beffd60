import TOMLKit

/// Params, vars and metrics files: YAML (`.yaml`, `.yml`), JSON (`.json`) or TOML (`.toml`),
/// chosen by extension, read into one `ParamValue` mapping with file:line:column errors.
public enum ParamsFile {
    public enum Format: String, Sendable {
        case yaml, json, toml
    }

    /// The default params file of a stage's folder (SPEC §2).
    public static let defaultName = "params.yaml"

    /// The format of `path` by its extension — YAML when it has none, as DVC reads such
    /// files — or nil when mlx cannot read it.
    public static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".toml") { return .toml }
        let name = lower.split(separator: "/").last ?? ""
        return name.dropFirst().contains(".") ? nil : .yaml
    }

    /// Parses `text`; the top level must be a mapping (an empty YAML file is an empty one),
    /// or, with `scalarAllowed` (metrics files holding one number), a scalar. `file` names the
    /// file in errors.
    public static func parse(_ text: String, file: String, scalarAllowed: Bool = false) throws(PipelineError) -> ParamValue {
        guard let format = format(of: file) else {
            throw PipelineError(file: file, message: "unsupported file type: mlx reads YAML, JSON and TOML",
                                hint: "name the file with a .yaml, .yml, .json or .toml extension")
        }
        let value: ParamValue
        switch format {
        case .yaml:
            value = try SourceNodeReader.parse(text, file: file)?.paramValue() ?? .dict([])
        case .json:
            value = try JSONValueParser.parse(text, file: file)
        case .toml:
            value = try parseTOML(text, file: file)
        }
        if scalarAllowed, value.isScalar { return value }
        guard case .dict = value else {
            throw PipelineError(file: file, line: 1, column: 1, message: "the top level must be a mapping of names to values")
        }
        return value
    }

    /// Reads the project file `relative` (which must stay inside the project, links followed).
    public static func read(_ relative: String, projectRoot: String) throws -> ParamValue {
        try parse(try SourceNodeReader.readProjectText(relative, projectRoot: projectRoot), file: relative)
    }

    static func parseTOML(_ text: String, file: String) throws(PipelineError) -> ParamValue {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PipelineError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                message: "malformed TOML: \(error.description.lowercasedFirst)")
        } catch {
            throw PipelineError(file: file, message: "malformed TOML: \(error)")
        }
        return convert(table)
    }

    private static func convert(_ value: any TOMLValueConvertible) -> ParamValue {
        switch value.type {
        case .table:
            guard let table = value.table else { return .dict([]) }
            return convert(table)
        case .array:
            guard let array = value.array else { return .list([]) }
            return .list(array.map { convert($0) })
        case .string: return .string(value.string ?? "")
        case .int: return .integer(Int64(value.int ?? 0))
        case .double: return .float(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        default: return .string(value.tomlValue.debugDescription)
        }
    }

    private static func convert(_ table: TOMLTable) -> ParamValue {
        .dictionary(table.keys.compactMap { key in table[key].map { ParamValue.Entry(key: key, value: convert($0)) } })
    }
}

extension String {
    /// The text with its first character lower-cased, to fit mlx's message style.
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
