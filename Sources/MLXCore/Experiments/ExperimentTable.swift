/// What `exp show` prints: the workspace, then each baseline with its experiments under it, and
/// one column per metric and param leaf and per dependency found in any row.
public struct ExperimentTable: Sendable {
    /// A baseline commit and the experiments based on it.
    public struct Group: Sendable {
        /// The baseline commit's own row.
        public var baseline: ExperimentRow
        /// Its experiments, in display order.
        public var experiments: [ExperimentRow]

        /// A baseline and its experiments.
        public init(baseline: ExperimentRow, experiments: [ExperimentRow]) {
            self.baseline = baseline
            self.experiments = experiments
        }
    }

    /// The workspace's row, first when present.
    public var workspace: ExperimentRow?
    /// Each baseline with its experiments, in display order.
    public var groups: [Group]
    /// Metrics by file, then params by file, then dependencies; keys in byte order.
    public var columns: [ExperimentColumn]

    /// A table whose columns are every leaf and dependency the rows hold.
    public init(workspace: ExperimentRow?, groups: [Group]) {
        self.workspace = workspace
        self.groups = groups
        let found = Set((([workspace].compactMap { $0 }) + groups.flatMap { [$0.baseline] + $0.experiments }).flatMap(\.values.keys))
        columns = found.sorted { lhs, rhs in
            if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
            if lhs.file != rhs.file { return ByteOrder.precedes(lhs.file, rhs.file) }
            return ByteOrder.precedes(lhs.key, rhs.key)
        }
    }

    /// Every row in display order.
    public var rows: [ExperimentRow] {
        (workspace.map { [$0] } ?? []) + groups.flatMap { [$0.baseline] + $0.experiments }
    }

    /// The table without the columns whose value is the same in every row (`--only-changed`);
    /// a value missing from some rows counts as a change.
    public func onlyChanged() -> ExperimentTable {
        var table = self
        let rows = rows
        table.columns = columns.filter { column in
            guard let first = rows.first else { return false }
            return rows.contains { !ParamValue.equivalent($0.values[column], first.values[column]) }
        }
        return table
    }

    /// The table with each baseline's experiments ordered by `column` (numbers by value, other
    /// values by their text); rows without the value come last either way. Baselines keep
    /// their order, as in DVC.
    public func sorted(by column: ExperimentColumn, ascending: Bool) -> ExperimentTable {
        var table = self
        for index in table.groups.indices {
            table.groups[index].experiments = Self.stableSort(table.groups[index].experiments) { lhs, rhs in
                switch (lhs.values[column], rhs.values[column]) {
                case (nil, _): return false
                case (_, nil): return true
                case let (left?, right?): return ascending ? Self.precedes(left, right) : Self.precedes(right, left)
                }
            }
        }
        return table
    }

    /// The header of `column`: its key, or `file:key` when another column has the same key.
    public func header(of column: ExperimentColumn) -> String {
        guard column.kind != .dependency else { return column.file }
        let clash = columns.contains { $0 != column && $0.kind != .dependency && $0.key == column.key }
        return clash ? column.qualifiedName : column.key
    }

    /// The column a `--sort-by` name means: `file:key`, a key only one file has, or a
    /// dependency's path.
    ///
    /// - Throws: ``ExperimentError`` naming a few close column names when none matches, or
    ///   the files when the key is in several.
    public func column(named name: String) throws -> ExperimentColumn {
        if let exact = columns.first(where: { $0.qualifiedName == name }) { return exact }
        let byKey = columns.filter { $0.kind != .dependency && $0.key == name }
        if byKey.count == 1 { return byKey[0] }
        if byKey.count > 1 {
            throw ExperimentError("column '\(name)' is in several files: \(byKey.map(\.qualifiedName).joined(separator: ", "))",
                                  hint: "name one as FILE:KEY")
        }
        let close = closeNames(to: name)
        throw ExperimentError("no metric or param column named '\(name)'",
                              hint: close.isEmpty ? "see the columns with `mlx exp show --csv`"
                                                  : "did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?")
    }

    /// Up to five column names nearest to `name`: those that contain it or that it contains
    /// first, then by edit distance.
    func closeNames(to name: String) -> [String] {
        let names = columns.map(header(of:))
        let lowered = name.lowercased()
        let scored = names.map { candidate -> (String, Int) in
            let lower = candidate.lowercased()
            let contains = lower.contains(lowered) || lowered.contains(lower)
            return (candidate, contains ? 0 : Self.editDistance(lower, lowered))
        }
        let limit = max(2, name.count / 2)
        return Self.stableSort(scored.filter { $0.1 <= limit }) { $0.1 < $1.1 }.prefix(5).map(\.0)
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs), right = Array(rhs)
        var previous = Array(0...right.count)
        for (row, character) in left.enumerated() {
            var current = [row + 1] + [Int](repeating: 0, count: right.count)
            for column in right.indices {
                let substitution = previous[column] + (character == right[column] ? 0 : 1)
                current[column + 1] = min(substitution, previous[column + 1] + 1, current[column] + 1)
            }
            previous = current
        }
        return previous[right.count]
    }

    static func precedes(_ lhs: ParamValue, _ rhs: ParamValue) -> Bool {
        switch (lhs.number, rhs.number) {
        case let (left?, right?): return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return ByteOrder.precedes(lhs.displayText, rhs.displayText)
        }
    }

    /// Sorting that keeps equal rows in their order (newest first), which `sort` does not promise.
    static func stableSort<Element>(_ elements: [Element], by precedes: (Element, Element) -> Bool) -> [Element] {
        elements.enumerated().sorted { lhs, rhs in
            if precedes(lhs.element, rhs.element) { return true }
            if precedes(rhs.element, lhs.element) { return false }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
