import Foundation
import MLXCore

/// Left-aligned columns: separated by two spaces for the terminal, or a Markdown (GitHub) table
/// for `--md`, which CI jobs post in pull requests.
enum Table {
    /// Prints `rows`; with a `width`, only the leading columns that fit in it (never wrapped).
    /// Returns how many columns were left out.
    @discardableResult
    static func print(_ rows: [[String]], markdown: Bool = false, width: Int? = nil) -> Int {
        var rows = rows
        var dropped = 0
        if let width {
            let all = rows.map(\.count).max() ?? 0
            var widths = [Int](repeating: 0, count: all)
            for row in rows {
                for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
            }
            let kept = ColumnFit.leadingColumns(widths: widths, separator: 2, available: width)
            dropped = all - kept
            rows = rows.map { Array($0.prefix(kept)) }
        }
        printAll(rows, markdown: markdown)
        return dropped
    }

    private static func printAll(_ rows: [[String]], markdown: Bool) {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func padded(_ cell: String, _ column: Int) -> String {
            cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
        }
        if markdown {
            for (index, row) in rows.enumerated() {
                Console.out("| " + row.enumerated().map { padded($1.replacingOccurrences(of: "|", with: "\\|"), $0) }.joined(separator: " | ") + " |")
                if index == 0 { Console.out("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|") }
            }
            return
        }
        for row in rows {
            let cells = row.enumerated().map { column, cell in column == row.count - 1 ? cell : padded(cell, column) }
            Console.out(cells.joined(separator: "  "))
        }
    }
}
