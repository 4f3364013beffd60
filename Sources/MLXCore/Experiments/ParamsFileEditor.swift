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
        func has(_ key: String, in file: String) throws -> Bool {
            guard let current = try text(of: file) else { return false }
            return try ParamsFile.parse(current, file: file).lookup(key) != nil
        }
        for override in overrides {
            let key = override.key
            let file: String
            if let named = override.file {
                guard try text(of: named) != nil else {
                    throw ExperimentError("-S \(override): params file \(named) does not exist",
                                          hint: "name an existing params file before ':', or leave it out to use \(ParamsFile.defaultName)")
                }
                let exists = try has(key, in: named)
                if !exists && (override.action == .set || override.action == .remove) {
                    throw ExperimentError("-S \(override): params file \(named) has no key '\(key)'",
                                          hint: "check the key's spelling with `mlx params diff --all`"
                                              + (override.action == .set ? ", or add it with -S \(named):+\(key)=VALUE" : ""))
                }
                if exists && override.action == .add { throw alreadyThere(override, file: named) }
                file = named
            } else {
                var found: String?
                var looked: [String] = []
                for candidate in lookOrder where try text(of: candidate) != nil {
                    looked.append(candidate)
                    if try has(key, in: candidate) {
                        found = candidate
                        break
                    }
                }
                switch (found, override.action) {
                case let (found?, .add):
                    throw alreadyThere(override, file: found)
                case let (found?, _):
                    file = found
                case (nil, .set), (nil, .remove):
                    let places = looked.isEmpty ? "looked for \(ParamsFile.defaultName), which does not exist" : "looked in \(looked.joined(separator: ", "))"
                    throw ExperimentError("-S \(override): no params file has the key '\(key)' (\(places))",
                                          hint: "check the key's spelling, or name its file: -S FILE:\(key)=VALUE"
                                              + (override.action == .set ? "; add a new key with -S +\(key)=VALUE" : ""))
                case (nil, _):
                    guard looked.contains(ParamsFile.defaultName) else {
                        throw ExperimentError("-S \(override): \(ParamsFile.defaultName) does not exist to add '\(key)' to",
                                              hint: "name the params file to add it to: -S FILE:\(override.action.rawValue)\(key)=VALUE")
                    }
                    file = ParamsFile.defaultName
                }
            }
            guard let current = try text(of: file) else { continue }
            texts[file] = try edit(current, file: file, applying: override)
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

    /// `text` (the params file `file`) with `override` applied; the caller has checked that its
    /// key exists, or for `add` that it does not.
    static func edit(_ text: String, file: String, applying override: ParamOverride) throws -> String {
        // A plain KEY=VALUE edits the value's text in place and reads the file once there.
        if override.action == .set { return try edit(text, file: file, setting: override.key, to: override.value ?? .null) }
        let root = try ParamsFile.parse(text, file: file)
        let existing = root.lookup(override.key)
        switch override.action {
        case .set, .setOrAdd where existing != nil:
            return try edit(text, file: file, setting: override.key, to: override.value ?? .null)
        case .add, .setOrAdd:
            let value = override.value ?? .null
            let base: ParamValue = root == .null ? .dict([]) : root
            guard let added = base.adding(Substring(override.key), value) else {
                throw ExperimentError("-S \(override): params file \(file) cannot take the key '\(override.key)': a part of it holds a value, not a mapping",
                                      hint: "add it under a mapping, or replace the value with -S \(file):++KEY=VALUE")
            }
            // A new top-level key of a YAML file in block style is appended as one more entry,
            // keeping the file's comments; anything else is written out again.
            if ParamsFile.format(of: file) ?? .yaml == .yaml, !override.key.contains("."), case .dict = base,
               !text.trimming(anyOf: " \t\n").hasPrefix("{") {
                var appended = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
                PipelineLockCodec.emit(key: override.key, value: value, indent: 0, into: &appended)
                return appended
            }
            return try rewrite(added, file: file)
        case .remove:
            if let expected = override.value, let existing, !existing.isEquivalent(to: expected) {
                throw ExperimentError("-S \(override): params file \(file) holds \(ParamsFileEditor.flowText(existing)) at '\(override.key)', not \(ParamsFileEditor.flowText(expected))",
                                      hint: "remove it whatever it holds with -S ~\(override.key)")
            }
            guard let removed = root.removing(Substring(override.key)) else { throw notFound(override.key, file: file) }
            return try rewrite(removed, file: file)
        }
    }

    /// The whole params file `file` written out again holding `root`: YAML in mlx's block
    /// layout, JSON indented by two spaces, TOML as TOMLKit writes it.
    static func rewrite(_ root: ParamValue, file: String) throws -> String {
        guard case let .dict(entries) = root else {
            throw ExperimentError("params file \(file) does not hold a mapping at its top, so keys cannot be added to or removed from it",
                                  hint: "edit the file by hand, or change values in it with -S \(file):KEY=VALUE")
        }
        switch ParamsFile.format(of: file) {
        case .json:
            var out = ""
            ParamsFileEditor.appendIndentedJSON(root, indent: 0, to: &out)
            return out + "\n"
        case .toml:
            return try tomlText(entries, file: file)
        case .yaml, nil:
            var out = ""
            for entry in entries { PipelineLockCodec.emit(key: entry.key, value: entry.value, indent: 0, into: &out) }
            return out
        }
    }

    static func alreadyThere(_ override: ParamOverride, file: String) -> ExperimentError {
        ExperimentError("-S \(override): params file \(file) already has the key '\(override.key)'",
                        hint: "change it with -S \(override.key)=VALUE, or use -S ++\(override.key)=VALUE to add or change it")
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

extension ParamValue {
    /// The value with `newValue` added at the dotted `key`, mappings made for the parts that
    /// are missing; nil when a part holds something other than a mapping (or a list, for an index).
    func adding(_ key: Substring, _ newValue: ParamValue) -> ParamValue? {
        let (segment, rest) = Self.splitFirst(key)
        switch self {
        case var .dict(entries):
            if let position = entries.firstIndex(where: { $0.key == segment }) {
                guard let rest, let nested = entries[position].value.adding(rest, newValue) else { return nil }
                entries[position].value = nested
            } else {
                let leaf = rest.map { ParamValue.dict([]).adding($0, newValue) } ?? newValue
                guard let leaf else { return nil }
                entries.append(Entry(key: String(segment), value: leaf))
            }
            return .dictionary(entries)
        case var .list(items):
            guard let index = Int(segment), items.indices.contains(index), let rest,
                  let nested = items[index].adding(rest, newValue) else { return nil }
            items[index] = nested
            return .list(items)
        default:
            return nil
        }
    }

    /// The value without the entry at the dotted `key` (a list item is taken out), nil when there is none.
    func removing(_ key: Substring) -> ParamValue? {
        let (segment, rest) = Self.splitFirst(key)
        switch self {
        case var .dict(entries):
            guard let position = entries.firstIndex(where: { $0.key == segment }) else { return nil }
            if let rest {
                guard let nested = entries[position].value.removing(rest) else { return nil }
                entries[position].value = nested
            } else {
                entries.remove(at: position)
            }
            return .dict(entries)
        case var .list(items):
            guard let index = Int(segment), items.indices.contains(index) else { return nil }
            if let rest {
                guard let nested = items[index].removing(rest) else { return nil }
                items[index] = nested
            } else {
                items.remove(at: index)
            }
            return .list(items)
        default:
            return nil
        }
    }

    private static func splitFirst(_ key: Substring) -> (Substring, Substring?) {
        guard let dot = key.firstIndex(of: ".") else { return (key, nil) }
        return (key[..<dot], key[key.index(after: dot)...])
    }
}
