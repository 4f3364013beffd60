import Foundation
import MLXCore

/// Where commands write: results to stdout, diagnostics and progress to stderr.
enum Console {
    /// Whether stderr is a terminal, so progress bars and colour make sense there.
    static var stderrIsTerminal: Bool { Terminal.isInteractive(.error) }

    /// Colour only on a terminal and only when `NO_COLOR` is unset or empty (no-color.org).
    static var colorEnabled: Bool {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"] ?? ""
        return noColor.isEmpty && stderrIsTerminal
    }

    /// Writes one line of results to stdout.
    static func out(_ line: String) {
        Terminal.write(line + "\n", to: .output)
    }

    /// Writes one line of diagnostics to stderr.
    static func err(_ line: String) {
        Terminal.write(line + "\n", to: .error)
    }

    /// Writes `value` as one JSON document (sorted keys, readable) to stdout.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Writes `text` to stderr as it is (progress redraws).
    static func errRaw(_ text: String) {
        Terminal.write(text, to: .error)
    }

    /// Writes an informational line to stderr unless `-q` was given.
    static func info(_ line: String, options: GlobalOptions = .current) {
        if !options.quiet { err(line) }
    }

    /// `mlx: error: …` in red where colour is allowed, with passwords in URLs masked.
    static func error(_ message: String) {
        let label = colorEnabled ? "\u{1B}[31mmlx: error:\u{1B}[0m" : "mlx: error:"
        err("\(label) \(URLRedaction.redact(message))")
    }

    /// `mlx: warning: …` in yellow where colour is allowed: something went wrong that the
    /// command works around. Passwords in URLs are masked.
    static func warning(_ message: String) {
        let label = colorEnabled ? "\u{1B}[33mmlx: warning:\u{1B}[0m" : "mlx: warning:"
        err("\(label) \(URLRedaction.redact(message))")
    }
}
