import Foundation
import MLXCore

/// `exp show`'s table as text: a terminal table (columns that do not fit dropped, with a note),
/// Markdown, CSV, or DVC's JSON document.
struct ExperimentTableView {
    let table: ExperimentTable
    let fields: [ExperimentTable.Field]
    let precision: PrecisionOption
    /// When the table is printed, for the Created column's "today" test.
    let now: Date

    /// The terminal table, or Markdown; columns past `width` are dropped and a note on stderr
    /// says how many and how to see them.
    func printTable(markdown: Bool, width: Int?) {
        let lastExperiment = Set(table.groups.compactMap { $0.experiments.last?.name })
        var rows = [["Experiment"] + fields.map(table.title(of:))]
        for row in table.rows {
            rows.append([label(of: row, isLast: lastExperiment.contains(row.name))] + fields.map { cell(row, $0, full: false) })
        }
        let dropped = Table.print(rows, markdown: markdown, width: markdown ? nil : width)
        if dropped > 0 {
            Console.info("mlx: \(dropped) of \(fields.count + 1) columns not shown for lack of width: see them all with --csv or --json "
                         + "or in a wider terminal, or choose them with --drop/--keep REGEX")
        }
    }

    /// Comma-separated values with a header, values unrounded and hashes whole (as `dvc exp show --csv`).
    func printCSV() {
        var lines = [(["Experiment", "rev", "typ", "Created", "parent", "State"] + fields.compactMap(valueTitle)).map(Self.csvField)]
        var parented = table.workspace.map { [($0, nil as String?)] } ?? []
        for group in table.groups {
            parented.append((group.baseline, nil))
            parented += group.experiments.map { ($0, group.baseline.commit) }
        }
        for (row, parent) in parented {
            let type = switch row.kind {
            case .workspace: "workspace"
            case .baseline: "baseline"
            case .experiment: row.state == nil ? "experiment" : "queued"
            }
            let fixed = [row.name, row.commit ?? "workspace", type, row.created.map(Self.isoTimestamp) ?? "", parent ?? "", row.state ?? ""]
            let values = fields.compactMap { field -> String? in
                guard case .value = field else { return nil }
                return cell(row, field, full: true)
            }
            lines.append((fixed + values).map(Self.csvField))
        }
        for line in lines { Console.out(line.joined(separator: ",")) }
    }

    private func valueTitle(_ field: ExperimentTable.Field) -> String? {
        guard case .value = field else { return nil }
        return table.title(of: field)
    }

    /// DVC's shape: one entry per baseline (the workspace first) with its experiments under it.
    func printJSON() throws {
        func entry(_ row: ExperimentRow, experiments: [ExperimentRow]?) -> JSONEntry {
            var deps: [String: [String: String]] = [:]
            for (column, value) in row.values where column.kind == .dependency { deps[column.file] = ["hash": value.displayText] }
            let data = JSONData(rev: row.commit ?? "workspace", timestamp: row.created.map(Self.isoTimestamp),
                                params: row.params.mapValues { ["data": $0] }, metrics: row.metrics.mapValues { ["data": $0] }, deps: deps)
            return JSONEntry(rev: row.commit ?? "workspace", name: row.kind == .workspace ? nil : row.name, data: data,
                             experiments: experiments?.map { JSONExperiment(name: $0.name, state: $0.state ?? "done", revs: [entry($0, experiments: nil)]) })
        }
        var document = table.workspace.map { [entry($0, experiments: nil)] } ?? []
        document += table.groups.map { entry($0.baseline, experiments: $0.experiments) }
        try Console.printJSON(document)
    }

    private func label(of row: ExperimentRow, isLast: Bool) -> String {
        guard row.kind == .experiment, let commit = row.commit else { return row.name }
        return (isLast ? "└── " : "├── ") + commit.prefix(7) + " [" + row.name + "]"
    }

    private func cell(_ row: ExperimentRow, _ field: ExperimentTable.Field, full: Bool) -> String {
        switch field {
        case .created:
            return row.created.map(createdText) ?? "-"
        case .state:
            return row.state ?? "-"
        case let .value(column):
            guard let value = row.values[column] else { return full ? "" : "-" }
            if full { return value.displayText }
            switch column.kind {
            case .dependency: return String(value.displayText.prefix(8))
            case .metric: return precision.format(value)
            case .param: return value.displayText
            }
        }
    }

    /// `14:05` for today, `Dec 06, 2026` before, in local time (as DVC).
    private func createdText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = Calendar.current.isDate(date, inSameDayAs: now) ? "HH:mm" : "MMM dd, yyyy"
        return formatter.string(from: date)
    }

    private static func isoTimestamp(_ date: Date) -> String {
        InternetTime.string(from: date, timeZone: .current)
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

private struct JSONEntry: Encodable {
    let rev: String
    let name: String?
    let data: JSONData
    let experiments: [JSONExperiment]?

    enum CodingKeys: String, CodingKey { case rev, name, data, experiments }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rev, forKey: .rev)
        try container.encode(name, forKey: .name)
        try container.encode(data, forKey: .data)
        try container.encode(experiments, forKey: .experiments)
    }
}

private struct JSONData: Encodable {
    let rev: String
    let timestamp: String?
    let params: [String: [String: ParamValue]]
    let metrics: [String: [String: ParamValue]]
    let deps: [String: [String: String]]

    enum CodingKeys: String, CodingKey { case rev, timestamp, params, metrics, deps }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rev, forKey: .rev)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(params, forKey: .params)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(deps, forKey: .deps)
    }
}

private struct JSONExperiment: Encodable {
    let name: String
    /// `done` for a saved experiment, else the queue's state.
    let state: String
    let revs: [JSONEntry]
}
