import Foundation

extension MLXConfig {
    /// What ``ConfigSchema`` refuses in the files as they are, such as a hand edit left them:
    /// unknown keys and values their key does not accept, lowest priority file first, each as
    /// an error whose message starts with `file:line:`.
    ///
    /// libgit2's entries carry no line numbers; ``ConfigSectionText/keyLines(in:)`` finds them
    /// by matching the n-th entry of a name in a file with the n-th line that sets it there.
    public func schemaProblems() throws -> [ConfigError] {
        var lines = KeyLineIndex()
        var seen: [String: Int] = [:]
        var problems: [ConfigError] = []
        for entry in try list() where !ConfigSchema.isLibgit2Directive(entry.name) {
            let occurrence = seen[entry.file + "\n" + entry.name, default: 0]
            seen[entry.file + "\n" + entry.name] = occurrence + 1
            guard let problem = Self.schemaProblem(entry) else { continue }
            problems.append(problem.located(in: entry.file, line: lines.line(of: entry.name, in: entry.file, occurrence: occurrence)))
        }
        return problems
    }

    /// The value of `name` in the highest-priority file that sets it, or `nil` when none does;
    /// a value its key does not accept is refused where it is written.
    ///
    /// - Throws: ``ConfigError`` `.invalidValue` or `.unknownKey` starting with `file:line:`.
    public func checkedString(_ name: String) throws -> String? {
        guard let entry = try entry(name) else { return nil }
        if let problem = Self.schemaProblem(entry) {
            var lines = KeyLineIndex()
            throw problem.located(in: entry.file, line: lines.line(of: entry.name, in: entry.file, occurrence: nil))
        }
        return entry.value
    }

    /// Why the schema refuses `entry`, or `nil` when it does not.
    private static func schemaProblem(_ entry: ConfigEntry) -> ConfigError? {
        do {
            try ConfigSchema.check(entry.name, entry.value)
            return nil
        } catch {
            return error
        }
    }
}

/// The lines of each file's keys, read once per file.
private struct KeyLineIndex {
    private var files: [String: [(name: String, line: Int)]] = [:]

    /// The line that sets `name` for the `occurrence`-th time (0-based) in `file`, or for the
    /// last time when `occurrence` is `nil` (the value libgit2 returns for the name).
    mutating func line(of name: String, in file: String, occurrence: Int?) -> Int? {
        if files[file] == nil {
            let text = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            files[file] = ConfigSectionText.keyLines(in: text)
        }
        let matches = files[file, default: []].filter { $0.name == name }.map(\.line)
        guard let occurrence else { return matches.last }
        return occurrence < matches.count ? matches[occurrence] : nil
    }
}
