/// A CSV or TSV file split into fields (RFC 4180 quoting: `"a,b"`, `""` for a quote), with
/// `file:line:column` errors.
struct DelimitedText {
    let text: String
    let file: String
    let separator: UInt8

    /// The rows as a table: the first row names the columns when `header`, else columns are
    /// named by position. Every row must have as many fields as the first.
    func table(header: Bool) throws(PipelineError) -> PlotTable {
        let rows = try self.rows()
        guard let first = rows.first else { return PlotTable() }
        let names = header ? first.fields : first.fields.indices.map(String.init)
        let body = header ? rows.dropFirst() : rows[...]
        var columns = Array(repeating: [PlotTable.Cell](), count: names.count)
        for index in columns.indices { columns[index].reserveCapacity(body.count) }
        for row in body {
            guard row.fields.count == names.count else {
                throw PipelineError(file: file, line: row.line, column: 1,
                                    message: "row has \(row.fields.count) fields, the \(header ? "header" : "first row") has \(names.count)",
                                    hint: "give every row the same number of fields")
            }
            for (index, field) in row.fields.enumerated() {
                columns[index].append(field.isEmpty ? .missing : Double(field).map(PlotTable.Cell.number) ?? .text(field))
            }
        }
        return PlotTable(columns: Array(zip(names, columns)))
    }

    private struct Row {
        var line: Int
        var fields: [String]
    }

    /// The non-empty lines split into fields.
    private func rows() throws(PipelineError) -> [Row] {
        let bytes = Array(text.utf8)
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var index = 0
        var lineStart = 0
        func endRow() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\""), field.isEmpty {
                let (quoteLine, quoteColumn) = (line, index - lineStart + 1)
                index += 1
                while true {
                    guard index < bytes.count else {
                        throw PipelineError(file: file, line: quoteLine, column: quoteColumn, message: "malformed \(separator == UInt8(ascii: ",") ? "CSV" : "TSV"): quoted field is never closed",
                                            hint: "close the field with `\"` (write `\"\"` for a quote inside it)")
                    }
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(inner)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if inner == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = index + 1
                    }
                    field.append(inner)
                    index += 1
                }
                continue
            }
            switch byte {
            case separator:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\n"):
                endRow()
                line += 1
                rowLine = line
                lineStart = index + 1
            case UInt8(ascii: "\r"):
                break
            default:
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
