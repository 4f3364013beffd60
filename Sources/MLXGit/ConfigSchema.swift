import MLXCore

/// Every key mlx knows, with what each accepts: the one place that decides whether a name and
/// a value can be written to a configuration file, and what in a hand-edited file is a mistake.
///
/// The keys are ``ConfigSetting``'s and, under each `[remote "NAME"]`, ``RemoteOption``'s; a new
/// key is a new case there, whose `valueType` switch then asks for its type.
public enum ConfigSchema {
    /// Every key, settings first, remote options as `remote.NAME.OPTION`.
    public static let keys: [ConfigKey] = ConfigSetting.allCases.map(ConfigKey.init) + RemoteOption.allCases.map(ConfigKey.init)

    /// Sections libgit2 itself acts on (`[include] path = …`), which mlx lets through unread.
    static let libgit2Sections: Set<String> = ["include", "includeif"]

    /// The key `name` (any spelling ``MLXConfig`` accepts) is an instance of, or `nil` when mlx
    /// knows no such key.
    public static func key(named name: String) -> ConfigKey? {
        guard let parts = NameParts(name) else { return nil }
        if parts.subsection != nil {
            return remoteOption(named: name).map { ConfigKey($0.option) }
        }
        return ConfigSetting(rawValue: parts.section + "." + parts.key).map(ConfigKey.init)
    }

    /// The remote and option `name` sets, when it is a key of a `[remote "NAME"]` section.
    public static func remoteOption(named name: String) -> (remote: String, option: RemoteOption)? {
        guard let parts = NameParts(name), parts.section == RemoteRegistry.section, let remote = parts.subsection,
              let option = RemoteOption(rawValue: parts.key) else { return nil }
        return (remote, option)
    }

    /// Refuses a name mlx does not know and a value its key does not accept.
    ///
    /// - Throws: ``ConfigError`` `.unknownKey` (with a "did you mean" for a near miss) or
    ///   `.invalidValue` naming what the key accepts.
    public static func check(_ name: String, _ value: String) throws(ConfigError) {
        let key = try knownKey(name)
        if let problem = key.type.problem(with: value) {
            throw invalidValue(name: name, value: value, problem: problem, key: key)
        }
    }

    /// How a config name is built, for errors about one that is not.
    static let nameHint = "names look like section.key or section.subsection.key, e.g. remote.storage.url"

    /// The key `name` is an instance of.
    ///
    /// - Throws: ``ConfigError`` `.invalidName` for a name git-config cannot hold (as libgit2
    ///   would refuse it), else `.unknownKey`.
    static func knownKey(_ name: String) throws(ConfigError) -> ConfigKey {
        if let key = key(named: name) { return key }
        guard NameParts(name)?.isValidSyntax == true else {
            throw ConfigError(.invalidName, "invalid config name '\(name)'", hint: nameHint, name: name)
        }
        throw ConfigError(.unknownKey, unknownKeyMessage(name), hint: "mlx-config(5) lists every key mlx knows", name: name)
    }

    /// Whether libgit2 rather than mlx reads `name`, so the schema leaves it alone.
    static func isLibgit2Directive(_ name: String) -> Bool {
        NameParts(name).map { libgit2Sections.contains($0.section) } ?? false
    }

    /// "unknown config key 'cache.typ'; did you mean cache.type?"
    static func unknownKeyMessage(_ name: String) -> String {
        let message = "unknown config key '\(name)'"
        return suggestion(for: name).map { "\(message); did you mean \($0)?" } ?? message
    }

    /// "invalid value 'hardlnk' for cache.type: …", with a secret shown as `***`.
    static func invalidValue(name: String, value: String, problem: String, key: ConfigKey) -> ConfigError {
        let shown = key.isSecret ? ConfigEntry.maskedValue : URLRedaction.redact(value)
        return ConfigError(.invalidValue, "invalid value '\(shown)' for \(name): \(problem)", name: name)
    }

    /// The known name closest to `name`, when it is close enough to be a typo of it.
    static func suggestion(for name: String) -> String? {
        guard let parts = NameParts(name) else { return nil }
        if parts.subsection == nil && parts.section == RemoteRegistry.section && RemoteOption(rawValue: parts.key) != nil {
            return "\(RemoteRegistry.section).NAME.\(parts.key)"
        }
        let wanted = name.lowercased()
        var candidates = ConfigSetting.allCases.map(\.rawValue)
        if let subsection = parts.subsection {
            candidates += RemoteOption.allCases.map { "\(RemoteRegistry.section).\(subsection).\($0.rawValue)" }
        }
        let scored = candidates.map { (name: $0, distance: editDistance($0.lowercased(), wanted)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }),
              best.distance <= min(2, best.name.count / 4) else { return nil }
        return best.name
    }

    /// The Levenshtein distance: insertions, deletions and substitutions turning `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// A name split as git splits it: section and key lower-cased, the subsection as written.
    private struct NameParts {
        let section: String
        let subsection: String?
        let key: String

        init?(_ name: String) {
            guard let first = name.firstIndex(of: "."), let last = name.lastIndex(of: ".") else { return nil }
            section = name[..<first].lowercased()
            subsection = first == last ? nil : String(name[name.index(after: first)..<last])
            key = MLXConfig.canonicalKey(name[name.index(after: last)...])
        }

        /// git's rule: a section of letters, digits, `-` and `.`, a key of letters, digits and
        /// `-` starting with a letter; the subsection may hold anything but a line break.
        var isValidSyntax: Bool {
            func allowed(_ character: Character) -> Bool { character.isASCII && (character.isLetter || character.isNumber || character == "-") }
            return !section.isEmpty && section.allSatisfy { allowed($0) || $0 == "." } && key.first?.isLetter == true
                && key.allSatisfy(allowed) && !(subsection?.contains("\n") ?? false)
        }
    }
}
