/// Writes `-S` overrides into params files, changing only the value each one names where the
/// format allows: a YAML or JSON file keeps its comments, key order and layout, because the
/// new value's text replaces the old value's text in place. A YAML value written as a block
/// (a list or mapping over several lines) and every TOML file are written out again whole.
public enum ParamsFileEditor {
    /// Applies `overrides` in order to the params files of the project at `projectRoot` and
    /// returns the files changed, in the order first changed. An override without a file goes to
    /// the first of `candidates` (project-relative params files) that has its key,
    /// `params.yaml` looked at first.
    ///
    /// Every file is edited in memory and checked first, and written (atomically) only when
    /// all overrides apply, so a bad override changes nothing.
    ///
    /// - Throws: ``ExperimentError`` naming the key and the files looked at when no params file
    ///   has a key, or a file named that does not exist; ``PipelineError`` for a file that
    ///   cannot be read.
    @discardableResult
    public static func apply(_ overrides: [ParamOverride], projectRoot: String, candidates: [String]) throws -> [String] {
        var texts: [String: String] = [:]
        var order: [String] = []
        func text(of file: String) throws -> String? {
            if let text = texts[file] { return text }
            guard Syscall.exists(projectRoot + "/" + file) else { return nil }
            let text = try SourceNodeReader.readProjectText(file, projectRoot: projectRoot)
            texts[file] = text
            return text
        }
        let lookOrder = [ParamsFile.defaultName] + candidates.filter { $0 != ParamsFile.defaultName }
        for override in overrides {
            let file: String
            if let named = override.file {
                guard let current = try text(of: named) else {
                    throw ExperimentError("-S \(override): params file \(named) does not exist",
                                          hint: "name an existing params file before ':', or leave it out to use \(ParamsFile.defaultName)")
                }
                guard try ParamsFile.parse(current, file: named).lookup(override.key) != nil else {
                    throw ExperimentError("-S \(override): params file \(named) has no key '\(override.key)'",
                                          hint: "check the key's spelling with `mlx params diff --all`")
                }
                file = named
            } else {
                var found: String?
                var looked: [String] = []
                for candidate in lookOrder {
                    guard let current = try text(of: candidate) else { continue }
                    looked.append(candidate)
                    if try ParamsFile.parse(current, file: candidate).lookup(override.key) != nil {
                        found = candidate
                        break
                    }
                }
                guard let found else {
                    let places = looked.isEmpty ? "looked for \(ParamsFile.defaultName), which does not exist" : "looked in \(looked.joined(separator: ", "))"
                    throw ExperimentError("-S \(override): no params file has the key '\(override.key)' (\(places))",
                                          hint: "check the key's spelling, or name its file: -S FILE:\(override.key)=VALUE")
                }
                file = found
            }
            guard let current = try text(of: file) else { continue }
            texts[file] = try edit(current, file: file, setting: override.key, to: override.value)
            if !order.contains(file) { order.append(file) }
        }
        var changed: [String] = []
        for file in order {
            guard let edited = texts[file] else { continue }
            let path = try ProjectPath(validating: file).resolved(under: projectRoot)
            if try SourceNodeReader.readText(path, file: file) == edited { continue }
            try AtomicFile.write(edited, to: path)
            changed.append(file)
        }
        return changed
    }

    /// `text` (the params file `file`) with the value at `key` set to `value`.
    static func edit(_ text: String, file: String, setting key: String, to value: ParamValue) throws -> String {
        switch ParamsFile.format(of: file) {
        case .json:
            return try editJSON(text, file: file, setting: key, to: value)
        case .toml:
            return try rewriteTOML(text, file: file, setting: key, to: value)
        case .yaml, nil:
            return try editYAML(text, file: file, setting: key, to: value)
        }
    }

    static func notFound(_ key: String, file: String) -> ExperimentError {
        ExperimentError("params file \(file) has no key '\(key)'", hint: "check the key's spelling with `mlx params diff --all`")
    }
}

extension ParamValue {
    /// The value with the entry at the dotted `key` replaced by `newValue`, nil when there is none.
    func setting(_ key: Substring, to newValue: ParamValue) -> ParamValue? {
        let segment: Substring
        let rest: Substring?
        if let dot = key.firstIndex(of: ".") {
            segment = key[..<dot]
            rest = key[key.index(after: dot)...]
        } else {
            segment = key
            rest = nil
        }
        switch self {
        case var .dict(entries):
            guard let position = entries.firstIndex(where: { $0.key == segment }) else { return nil }
            guard let rest else {
                entries[position].value = newValue
                return .dict(entries)
            }
            guard let nested = entries[position].value.setting(rest, to: newValue) else { return nil }
            entries[position].value = nested
            return .dict(entries)
        case var .list(items):
            guard let index = Int(segment), items.indices.contains(index) else { return nil }
            guard let rest else {
                items[index] = newValue
                return .list(items)
            }
            guard let nested = items[index].setting(rest, to: newValue) else { return nil }
            items[index] = nested
            return .list(items)
        default:
            return nil
        }
    }
}
