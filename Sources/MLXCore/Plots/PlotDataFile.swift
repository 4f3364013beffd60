/// Reads plot data files into tables: CSV and TSV (with or without a header row), JSON and YAML
/// (a list of records, or DVC's nested form: a mapping whose first list holds the records).
public enum PlotDataFile {
    public enum Format: String, Sendable {
        case csv, tsv, json, yaml
    }

    /// The format of `path` by its extension, or nil when mlx cannot plot it.
    public static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".tsv") { return .tsv }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        return nil
    }

    /// Parses `text`; `file` names the file in errors, `header` says whether a CSV/TSV file's
    /// first row names its columns (otherwise they are named `0`, `1`, … as DVC names them).
    public static func parse(_ text: String, file: String, header: Bool = true) throws(PipelineError) -> PlotTable {
        guard let format = format(of: file) else {
            throw PipelineError(file: file, message: "unsupported plot file type: mlx plots CSV, TSV, JSON and YAML files",
                                hint: "name the file with a .csv, .tsv, .json, .yaml or .yml extension")
        }
        switch format {
        case .csv: return try DelimitedText(text: text, file: file, separator: UInt8(ascii: ",")).table(header: header)
        case .tsv: return try DelimitedText(text: text, file: file, separator: UInt8(ascii: "\t")).table(header: header)
        case .json: return try table(JSONValueParser.parse(text, file: file), file: file)
        case .yaml: return try table(SourceNodeReader.parse(text, file: file)?.paramValue() ?? .list([]), file: file)
        }
    }

    /// The records of a parsed JSON/YAML document.
    static func table(_ document: ParamValue, file: String) throws(PipelineError) -> PlotTable {
        guard let records = firstRecordList(in: document) else {
            throw PipelineError(file: file, message: "holds no list of records to plot",
                                hint: "write a list of mappings, such as [{\"step\": 1, \"loss\": 0.5}, …]")
        }
        return PlotTable(records: records.map { record in
            record.flattened().map { leaf in (leaf.key, cell(leaf.value)) }
        })
    }

    /// The document itself when it is a list of mappings, else the first such list found
    /// depth-first among a mapping's values (`{"train": [{…}, …]}`), as DVC finds it.
    private static func firstRecordList(in value: ParamValue) -> [ParamValue]? {
        switch value {
        case let .list(items) where items.allSatisfy({ if case .dict = $0 { return true } else { return false } }):
            return items
        case let .dict(entries):
            for entry in entries {
                if let found = firstRecordList(in: entry.value) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    private static func cell(_ value: ParamValue) -> PlotTable.Cell {
        switch value {
        case let .integer(number): return .number(Double(number))
        case let .float(number): return .number(number)
        case .null: return .missing
        case let .string(text): return Double(text).map(PlotTable.Cell.number) ?? .text(text)
        default: return .text(value.displayText)
        }
    }
}
