import MLXHash

/// The patterns of a project's `.mlxignore` (gitignore syntax): paths mlx never hashes or tracks.
///
/// Supported: blank lines and `#` comments, `!` negation (the last matching pattern wins),
/// a trailing `/` for folders only, a leading or inner `/` anchoring the pattern to the project
/// root (otherwise it matches a name at any depth), `*`, `?`, `[…]` classes and `**`.
/// Only the `.mlxignore` at the project root is read.
public struct IgnoreRules: Sendable {
    struct Rule: Sendable {
        let pattern: [UInt8]
        let negated: Bool
        let directoryOnly: Bool
        let anchored: Bool
    }

    let rules: [Rule]
    /// BLAKE3 of the text the rules came from: what a `TreeMemo` keys on, since the rules decide
    /// which files a tracked directory holds.
    let digest: Digest

    public static let fileName = ".mlxignore"

    /// No patterns: nothing is ignored.
    public init() { self.init(text: "") }

    /// Parses the text of an `.mlxignore` file.
    public init(text: String) {
        digest = Blake3.hash(Array(text.utf8))
        var parsed: [Rule] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line = line.dropFirst() }
            else if line.hasPrefix("\\!") || line.hasPrefix("\\#") { line = line.dropFirst() }
            var directoryOnly = false
            if line.hasSuffix("/") { directoryOnly = true; line = line.dropLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            if line.isEmpty { continue }
            parsed.append(Rule(pattern: Array(line.utf8), negated: negated, directoryOnly: directoryOnly, anchored: anchored))
        }
        rules = parsed
    }

    /// Reads `<root>/.mlxignore`; a missing file means no patterns.
    public init(projectRoot: String) throws(FileSystemError) {
        let path = projectRoot + "/" + IgnoreRules.fileName
        guard Syscall.exists(path) else { self.init(); return }
        self.init(text: String(decoding: try Syscall.readFile(path, limit: 1 << 20), as: UTF8.self))
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Whether the project-relative `path` is ignored. Callers walking a tree ask for each
    /// folder before descending, so a file under an ignored folder is never asked about.
    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        if rules.isEmpty { return false }
        let bytes = Array(path.utf8)
        let nameStart = (bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 }) ?? 0
        let name = Array(bytes[nameStart...])
        var ignored = false
        for rule in rules {
            if rule.directoryOnly && !isDirectory { continue }
            let subject = rule.anchored ? bytes : name
            if GlobMatcher.matches(rule.pattern[...], subject[...]) { ignored = !rule.negated }
        }
        return ignored
    }
}

/// gitignore-style glob matching on UTF-8 bytes: `*` and `?` stop at `/`, `**` crosses folders.
enum GlobMatcher {
    static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        while p < pattern.endIndex {
            let c = pattern[p]
            switch c {
            case UInt8(ascii: "*"):
                if p + 1 < pattern.endIndex && pattern[p + 1] == UInt8(ascii: "*") {
                    // `**/` matches zero or more folders; a trailing `**` matches everything.
                    var rest = p + 2
                    if rest < pattern.endIndex && pattern[rest] == UInt8(ascii: "/") { rest += 1 }
                    if rest == pattern.endIndex { return true }
                    var start = t
                    while true {
                        if matches(pattern[rest...], text[start...]) { return true }
                        guard let slash = text[start...].firstIndex(of: UInt8(ascii: "/")) else { return false }
                        start = slash + 1
                    }
                }
                var start = t
                while true {
                    if matches(pattern[(p + 1)...], text[start...]) { return true }
                    if start == text.endIndex || text[start] == UInt8(ascii: "/") { return false }
                    start += 1
                }
            case UInt8(ascii: "?"):
                guard t < text.endIndex, text[t] != UInt8(ascii: "/") else { return false }
                p += 1; t += 1
            case UInt8(ascii: "["):
                guard t < text.endIndex, let (matched, next) = matchClass(pattern, p, text[t]) else {
                    return false
                }
                if !matched { return false }
                p = next; t += 1
            case UInt8(ascii: "\\") where p + 1 < pattern.endIndex:
                guard t < text.endIndex, text[t] == pattern[p + 1] else { return false }
                p += 2; t += 1
            default:
                guard t < text.endIndex, text[t] == c else { return false }
                p += 1; t += 1
            }
        }
        return t == text.endIndex
    }

    /// Matches one byte against the class starting at `start` (`[`); returns the result and the
    /// index after `]`, or nil when the class is unterminated (then `[` is taken literally).
    private static func matchClass(_ pattern: ArraySlice<UInt8>, _ start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negated = false
        if i < pattern.endIndex && (pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^")) {
            negated = true; i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            let c = pattern[i]
            if c == UInt8(ascii: "]") && !first { return (matched != negated, i + 1) }
            first = false
            if i + 2 < pattern.endIndex && pattern[i + 1] == UInt8(ascii: "-") && pattern[i + 2] != UInt8(ascii: "]") {
                if byte >= c && byte <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if byte == c { matched = true }
                i += 1
            }
        }
        return byte == UInt8(ascii: "[") ? (true, start + 1) : nil
    }
}
