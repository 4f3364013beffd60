/// Keeps the `/name` lines that stop git from tracking the data mlx tracks, in the `.gitignore`
/// of the data's folder (as DVC does), written atomically.
enum GitignoreEditor {
    /// The line ignoring exactly `name` in its folder, escaped for gitignore syntax.
    static func entry(for name: String) -> String {
        var escaped = ""
        for character in name {
            if "*?[\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        if escaped.hasSuffix(" ") { escaped = String(escaped.dropLast()) + "\\ " }
        return "/" + escaped
    }

    /// Why `name` cannot be ignored by a line of its own, or nil. gitignore has no escape for a
    /// line break: `a\nb` would become two patterns, leaving the data unignored and hiding
    /// whatever `/b` matches.
    public static func problem(withName name: String) -> String? {
        name.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
            ? "has a line break in its name, which a .gitignore line cannot hold" : nil
    }

    /// `name` with `\n` and `\r` written as escapes, so a message about it stays on one line.
    public static func escapingLineBreaks(_ name: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// Adds the line for `name` to `folder/.gitignore` unless it is there; returns whether it
    /// changed the file.
    @discardableResult
    static func add(_ name: String, in folder: String) throws -> Bool {
        if let problem = problem(withName: name) {
            throw TrackingError(path: folder + "/" + escapingLineBreaks(name), message: problem, hint: "rename it")
        }
        let path = folder + "/.gitignore"
        var text = Syscall.exists(path) ? String(decoding: try Syscall.readFile(path, limit: 16 << 20), as: UTF8.self) : ""
        let line = entry(for: name)
        // Bytes, not `==`: git tells `/café` in NFC and in NFD apart, Swift's string equality does not.
        if text.split(separator: "\n", omittingEmptySubsequences: true).contains(where: { $0.utf8.elementsEqual(line.utf8) }) { return false }
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += line + "\n"
        try AtomicFile.write(text, to: path)
        return true
    }

    /// Removes the line for `name` from `folder/.gitignore`; deletes the file when nothing is left.
    @discardableResult
    static func remove(_ name: String, in folder: String) throws -> Bool {
        let path = folder + "/.gitignore"
        guard Syscall.exists(path) else { return false }
        let text = String(decoding: try Syscall.readFile(path, limit: 16 << 20), as: UTF8.self)
        let line = entry(for: name)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.utf8.elementsEqual(line.utf8) }
        guard kept.count != lines.count else { return false }
        let remaining = kept.joined(separator: "\n")
        if remaining.allSatisfy({ $0 == "\n" }) {
            Syscall.unlinkIfPresent(path)
        } else {
            try AtomicFile.write(remaining, to: path)
        }
        return true
    }
}
