extension ConfigSectionText {
    /// The full name each `key = value` line of `text` sets, with its 1-based line number, in
    /// file order: what libgit2's entries lack to point a user at the line to fix.
    ///
    /// Names are spelled as libgit2 spells them (section and key lower-cased, a quoted
    /// subsection as written, an old-style `[section.sub]` one lower-cased), so an entry's name
    /// finds its line. A value continued with a trailing `\` spans the lines after it.
    static func keyLines(in text: String) -> [(name: String, line: Int)] {
        var result: [(name: String, line: Int)] = []
        var prefix: String?
        var continued = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let wasContinued = continued
            continued = trimmed.hasSuffix("\\") && !trimmed.hasSuffix("\\\\")
            if wasContinued { continue }
            if trimmed.first == "[" {
                prefix = Header(parsing: String(line)).map { header in
                    let section = header.section.lowercased()
                    guard let subsection = header.subsection else { return section }
                    return section + "." + (header.legacy ? subsection.lowercased() : subsection)
                }
                continue
            }
            guard let prefix, let first = trimmed.first, first.isASCII, first.isLetter else { continue }
            let key = trimmed.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            result.append((prefix + "." + key.lowercased(), index + 1))
        }
        return result
    }
}
