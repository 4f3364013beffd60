import Foundation

/// Edits a git-config file as text where libgit2 offers no call: dropping a section header
/// that has no keys left.
///
/// Comments are kept where they plausibly belong to something else. A comment indented under
/// the removed header belongs to it and goes; a comment block in column 0 directly above a header
/// describes that header, so the block above the removed header goes and the block above the
/// next header stays.
enum ConfigSectionText {
    /// Removes every emptied `[section "subsection"]` header (and its comments) from `file`,
    /// holding `<file>.lock` as libgit2 does so that neither interleaves with the other.
    static func removeEmptySection(_ section: String, subsection: String, inFile file: String) throws {
        let lockPath = file + ".lock"
        var status = stat()
        let mode = stat(file, &status) == 0 ? status.st_mode & 0o777 : 0o644
        let descriptor = open(lockPath, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            if errno == EEXIST {
                throw ConfigError(
                    .locked,
                    "\(file) is being written by another process",
                    hint: "try again; if no other mlx or git is running, remove \(lockPath)",
                    file: file,
                    cause: "open \(lockPath): \(reason)"
                )
            }
            throw ConfigError(.io, "cannot lock \(file): \(reason)", file: file, cause: "open \(lockPath): \(reason)")
        }
        var renamed = false
        defer {
            close(descriptor)
            if !renamed { unlink(lockPath) }
        }

        guard let data = FileManager.default.contents(atPath: file) else { return }
        let text = String(decoding: data, as: UTF8.self)
        let edited = removingEmptySection(section, subsection: subsection, from: text)
        guard edited != text else { return }

        let bytes = Array(edited.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let reason = String(cString: strerror(errno))
                throw ConfigError(.io, "cannot write \(file): \(reason)", file: file, cause: "write \(lockPath): \(reason)")
            }
            written += result
        }
        guard fsync(descriptor) == 0, rename(lockPath, file) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ConfigError(.io, "cannot write \(file): \(reason)", file: file, cause: "replace \(file): \(reason)")
        }
        renamed = true
    }

    /// `text` without the headers of `[section "subsection"]` that have no keys under them.
    static func removingEmptySection(_ section: String, subsection: String, from text: String) -> String {
        let endsWithNewline = text.hasSuffix("\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if endsWithNewline { lines.removeLast() }

        let headerIndices = lines.indices.filter { isHeaderLine(lines[$0]) }
        var removed = Set<Int>()
        for (position, index) in headerIndices.enumerated() {
            guard let header = Header(parsing: lines[index]), header.matches(section, subsection),
                  !header.hasTrailingContent
            else { continue }
            let next = position + 1 < headerIndices.count ? headerIndices[position + 1] : lines.count
            guard lines[(index + 1)..<next].allSatisfy(isBlankOrComment) else { continue }
            var end = next
            if next < lines.count {
                while end > index + 1 && isColumnZeroComment(lines[end - 1]) { end -= 1 }
            }
            var start = index
            while start > 0 && isColumnZeroComment(lines[start - 1]) && !removed.contains(start - 1) { start -= 1 }
            removed.formUnion(start..<end)
        }
        let kept = lines.indices.filter { !removed.contains($0) }.map { lines[$0] }
        let joined = kept.joined(separator: "\n")
        return endsWithNewline && !kept.isEmpty ? joined + "\n" : joined
    }

    private static func isHeaderLine(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.first == "["
    }

    private static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        return trimmed.isEmpty || trimmed.first == "#" || trimmed.first == ";"
    }

    private static func isColumnZeroComment(_ line: String) -> Bool {
        line.first == "#" || line.first == ";"
    }

    /// A section header line: `[section "sub"]`, or the old `[section.sub]` form.
    struct Header {
        var section = ""
        var subsection: String?
        var legacy = false
        var hasTrailingContent = false

        init?(parsing line: String) {
            var characters = line.drop { $0 == " " || $0 == "\t" }
            guard characters.popFirst() == "[" else { return nil }
            while let next = characters.first, next != "]", next != "\"", next != " ", next != "\t" {
                section.append(next)
                characters.removeFirst()
            }
            if let dot = section.firstIndex(of: ".") {
                subsection = String(section[section.index(after: dot)...])
                section = String(section[..<dot])
                legacy = true
            }
            characters = characters.drop { $0 == " " || $0 == "\t" }
            if characters.first == "\"" {
                characters.removeFirst()
                var quoted = ""
                while let next = characters.popFirst(), next != "\"" {
                    // git keeps the character after a backslash and drops the backslash.
                    quoted.append(next == "\\" ? (characters.popFirst() ?? next) : next)
                }
                subsection = quoted
            }
            guard characters.popFirst() == "]" else { return nil }
            let rest = characters.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            hasTrailingContent = !(rest.isEmpty || rest.first == "#" || rest.first == ";")
        }

        func matches(_ wanted: String, _ wantedSubsection: String) -> Bool {
            guard section.lowercased() == wanted.lowercased(), let subsection else { return false }
            // The old dotted form is case-insensitive throughout; libgit2 lower-cases it.
            return legacy ? subsection.lowercased() == wantedSubsection.lowercased() : subsection == wantedSubsection
        }
    }
}
