import Foundation
@testable import MLXCore
import Testing

/// The table behind `exp show`: columns from every row's flattened files, sorting within each
/// baseline, `--only-changed`, `--drop`/`--keep`, and `--sort-by` names.
@Suite struct ExperimentTableTests {
    static func metric(_ key: String, file: String = "metrics.json") -> ExperimentColumn {
        ExperimentColumn(kind: .metric, file: file, key: key)
    }

    static func param(_ key: String, file: String = "params.yaml") -> ExperimentColumn {
        ExperimentColumn(kind: .param, file: file, key: key)
    }

    static func row(_ name: String, _ values: [ExperimentColumn: ParamValue], kind: ExperimentRow.Kind = .experiment) -> ExperimentRow {
        ExperimentRow(kind: kind, name: name, commit: kind == .workspace ? nil : name, created: nil, values: values)
    }

    static func table(_ experiments: [ExperimentRow], baseline: [ExperimentColumn: ParamValue] = [:]) -> ExperimentTable {
        ExperimentTable(workspace: row("workspace", baseline, kind: .workspace),
                        groups: [.init(baseline: row("main", baseline, kind: .baseline), experiments: experiments)])
    }

    @Test func columnsAreMetricsThenParamsThenDependenciesByFileAndKeyFromEveryRow() {
        let dependency = ExperimentColumn(kind: .dependency, file: "data.txt")
        let table = Self.table([Self.row("a", [Self.param("train.lr"): .float(0.1), dependency: .string("ab")]),
                                Self.row("b", [Self.metric("acc"): .float(0.5), Self.param("seed", file: "a.yaml"): .integer(1)])])
        #expect(table.columns == [Self.metric("acc"), Self.param("seed", file: "a.yaml"), Self.param("train.lr"), dependency])
        #expect(table.columns.map(table.header(of:)) == ["acc", "seed", "train.lr", "data.txt"])
    }

    @Test func aKeyInTwoFilesIsHeadedWithItsFile() throws {
        let table = Self.table([Self.row("a", [Self.param("lr"): .float(0.1), Self.param("lr", file: "b.yaml"): .float(0.2)])])
        #expect(table.columns.map(table.header(of:)) == ["b.yaml:lr", "params.yaml:lr"])
        #expect(throws: ExperimentError.self) { try table.column(named: "lr") }
        #expect(try table.column(named: "b.yaml:lr") == Self.param("lr", file: "b.yaml"))
    }

    @Test func nestedFilesAreFlattenedToDottedKeys() {
        let value = ParamValue.dictionary([.init(key: "train", value: .dictionary([.init(key: "optimizer", value: .dictionary([
            .init(key: "lr", value: .float(0.01))]))]))])
        let flattened = value.flattened()
        #expect(flattened.map(\.key) == ["train.optimizer.lr"])
    }

    @Test func sortingOrdersNumbersByValueWithinEachBaselineAndPutsMissingValuesLast() {
        let acc = Self.metric("acc")
        let table = Self.table([Self.row("none", [:]), Self.row("ten", [acc: .integer(10)]), Self.row("two", [acc: .float(2)]),
                                Self.row("nine", [acc: .float(9)])])
        #expect(table.sorted(by: acc, ascending: true).rows.map(\.name) == ["workspace", "main", "two", "nine", "ten", "none"])
        #expect(table.sorted(by: acc, ascending: false).rows.map(\.name) == ["workspace", "main", "ten", "nine", "two", "none"])
    }

    @Test func onlyChangedKeepsColumnsThatDifferOrAreMissingSomewhere() {
        let (same, differs, missing) = (Self.param("seed"), Self.param("lr"), Self.metric("acc"))
        let table = Self.table([Self.row("a", [same: .integer(1), differs: .float(0.2)]),
                                Self.row("b", [same: .float(1.0), differs: .float(0.1), missing: .float(0.5)])],
                               baseline: [same: .integer(1), differs: .float(0.1)])
        #expect(table.onlyChanged().columns == [missing, differs])
    }

    @Test func dropRemovesMatchingColumnsUnlessKeepMatchesThem() throws {
        let table = Self.table([Self.row("a", [Self.param("train.lr"): .float(0.1), Self.param("train.epochs"): .integer(3),
                                               Self.metric("acc"): .float(0.5)])])
        let fields = try table.fields(drop: "train|Created", keep: "lr$")
        #expect(fields.map(table.title(of:)) == ["acc", "train.lr"])
        #expect(try table.fields(drop: nil, keep: nil).map(table.title(of:)) == ["Created", "acc", "train.epochs", "train.lr"])
        #expect(try table.fields(drop: "params.yaml:", keep: nil).map(table.title(of:)) == ["Created", "acc"])
    }

    @Test func theStateColumnAppearsOnlyWhenARowHasAState() throws {
        var table = Self.table([Self.row("a", [:])])
        #expect(try table.fields(drop: nil, keep: nil) == [.created])
        table.groups[0].experiments.append(ExperimentRow(kind: .experiment, name: "q", commit: "q", created: nil, state: "queued"))
        #expect(try table.fields(drop: nil, keep: nil) == [.created, .state])
    }

    @Test func anUnknownSortColumnNamesTheCloseOnes() throws {
        let table = Self.table([Self.row("a", [Self.param("train.lr"): .float(0.1), Self.param("train.epochs"): .integer(3),
                                               Self.metric("accuracy"): .float(0.5)])])
        #expect(table.closeNames(to: "train.l") == ["train.lr"])
        #expect(table.closeNames(to: "train") == ["train.epochs", "train.lr"])
        #expect(table.closeNames(to: "acuracy") == ["accuracy"])
        #expect(throws: ExperimentError("no metric or param column named 'zzz'", hint: "see the columns with `mlx exp show --csv`")) {
            try table.column(named: "zzz")
        }
    }

    @Test func columnFittingKeepsTheFirstColumnAndTheLeadingOnesThatFit() {
        #expect(ColumnFit.leadingColumns(widths: [10, 5, 5, 5], separator: 2, available: 24) == 3)
        #expect(ColumnFit.leadingColumns(widths: [10, 5, 5, 5], separator: 2, available: 31) == 4)
        #expect(ColumnFit.leadingColumns(widths: [30, 5], separator: 2, available: 20) == 1)
        #expect(ColumnFit.leadingColumns(widths: [], separator: 2, available: 20) == 0)
    }
}
