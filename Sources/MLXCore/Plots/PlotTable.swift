/// The rows of one plot data file, by column: what CSV, TSV, JSON and YAML files all become.
public struct PlotTable: Sendable, Equatable {
    /// One value of a row: data files mix numbers and words (class labels, names).
    public enum Cell: Sendable, Hashable {
        case number(Double)
        case text(String)
        case missing

        /// The value as a number, when it is one.
        public var number: Double? {
            if case let .number(value) = self { return value }
            return nil
        }

        /// The value as the label of a category (confusion matrices, bars).
        public var label: String {
            switch self {
            case let .number(value):
                // Class labels written `1` read back as numbers; show them as written.
                if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
                return value.description
            case let .text(text): return text
            case .missing: return ""
            }
        }
    }

    /// Column names in file order.
    public private(set) var columns: [String] = []
    /// How many rows each column holds.
    public private(set) var rowCount = 0
    private var cells: [String: [Cell]] = [:]

    /// A table without rows (an empty data file).
    public init() {}

    /// A table from rows of `(column, value)` pairs; a column some rows lack is `.missing` there.
    public init(records: [[(String, Cell)]]) {
        for (row, record) in records.enumerated() {
            for (column, cell) in record {
                if cells[column] == nil {
                    columns.append(column)
                    cells[column] = Array(repeating: .missing, count: records.count)
                }
                cells[column]?[row] = cell
            }
        }
        rowCount = records.count
    }

    /// A table from named columns of equal length.
    public init(columns: [(String, [Cell])]) {
        for (name, values) in columns {
            self.columns.append(name)
            cells[name] = values
        }
        rowCount = columns.first?.1.count ?? 0
    }

    /// The values of `name`, nil when the file has no such column.
    public func column(_ name: String) -> [Cell]? {
        cells[name]
    }
}
