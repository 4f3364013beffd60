import Foundation

extension ExperimentTable {
    /// A column after the Experiment column, which is always shown.
    public enum Field: Sendable, Hashable {
        case created
        /// Only when some row is a queued, running or failed experiment.
        case state
        case value(ExperimentColumn)
    }

    /// Created, State, then the value columns, less those whose header or `file:key` the
    /// regular expression `drop` matches, unless `keep` matches them (`--drop`/`--keep`, as
    /// DVC's: a search, not a whole match).
    ///
    /// - Throws: ``ExperimentError`` for a pattern that is not a regular expression.
    public func fields(drop: String?, keep: String?) throws -> [Field] {
        let dropping = try drop.map { try Self.expression($0, option: "--drop") }
        let keeping = try keep.map { try Self.expression($0, option: "--keep") }
        let all: [Field] = [.created] + (rows.contains { $0.state != nil } ? [.state] : []) + columns.map(Field.value)
        return all.filter { field in
            let names: [String]
            if case let .value(column) = field { names = [header(of: column), column.qualifiedName] } else { names = [title(of: field)] }
            func matches(_ expression: NSRegularExpression?) -> Bool {
                guard let expression else { return false }
                return names.contains { expression.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }
            }
            return matches(keeping) || !matches(dropping)
        }
    }

    /// The header of `field`.
    public func title(of field: Field) -> String {
        switch field {
        case .created: "Created"
        case .state: "State"
        case let .value(column): header(of: column)
        }
    }

    private static func expression(_ pattern: String, option: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw ExperimentError("\(option) '\(pattern)' is not a valid regular expression", hint: "escape special characters with a backslash")
        }
    }
}
