import Yams

/// Reads and writes pointer files in their one canonical form (SPEC §3).
///
/// Decoding is strict — every problem is reported with the file and the line:column of the
/// offending node — and keeps annotations and unknown keys, so that
/// `decode(encode(p)) == p` and `encode(decode(t)) == t` for canonical text `t`.
public enum PointerCodec {
    /// Pointer files larger than this are refused before parsing: a real pointer is a few hundred
    /// bytes, and a large file named `*.mlx` is far more likely data than a pointer.
    public static let maximumSize = 64 * 1024

    /// Upper bound on YAML nodes, so alias expansion ("billion laughs") cannot blow up memory.
    static let maximumNodes = 10_000

    /// Keys of an output in canonical order; anything else is kept as an unknown key.
    static let outputKeys = ["path", "hash", "oid", "size", "nfiles", "isexec", "desc", "type", "labels", "meta"]

    /// The canonical text of `pointer`: fixed key order (`path`, `hash`, `oid`, `size`, `nfiles`,
    /// `isexec`, `desc`, `type`, `labels`, `meta`, then unknown keys in their order), two-space
    /// block style, `\n` line ends.
    public static func encode(_ pointer: Pointer) -> String {
        var out = "outs:\n"
        if pointer.outs.isEmpty {
            out = "outs: []\n"
        }
        for output in pointer.outs {
            var entries: [YAMLValue.Entry] = [
                .init("path", .string(output.path)),
                .init("hash", .string(output.hash)),
                .init("oid", .string(output.oid)),
                .init("size", .literal(String(output.size))),
            ]
            if let nfiles = output.nfiles { entries.append(.init("nfiles", .literal(String(nfiles)))) }
            if let isexec = output.isexec { entries.append(.init("isexec", .literal(isexec ? "true" : "false"))) }
            if let desc = output.desc { entries.append(.init("desc", .string(desc))) }
            if let type = output.type { entries.append(.init("type", .string(type))) }
            if let labels = output.labels { entries.append(.init("labels", .sequence(labels.map(YAMLValue.string)))) }
            if let meta = output.meta { entries.append(.init("meta", meta)) }
            entries += output.unknownKeys
            YAMLValue.emit(entries: entries, indent: 2, firstPrefix: "- ", into: &out)
        }
        YAMLValue.emit(entries: pointer.unknownKeys, indent: 0, into: &out)
        return out
    }

    /// Reads the pointer file at `path`, refusing it before reading when it exceeds
    /// `maximumSize`. Errors name `displayPath` (default: `path`).
    public static func read(from path: String, displayPath: String? = nil) throws(PointerError) -> Pointer {
        let file = displayPath ?? path
        let bytes: [UInt8]
        do {
            bytes = try Syscall.readFile(path, limit: maximumSize)
        } catch {
            if error.code == Syscall.Errno.fileTooLarge { throw tooLarge(file) }
            throw PointerError(file: file, message: error.message, hint: error.hint)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PointerError(file: file, message: "pointer file is not valid UTF-8")
        }
        return try decode(text, file: file)
    }

    /// Parses pointer text strictly. `file` names the pointer in errors.
    public static func decode(_ text: String, file: String) throws(PointerError) -> Pointer {
        if text.utf8.count > maximumSize { throw tooLarge(file) }
        let root: Node
        do {
            // UTF-8 named, not Yams' `.default`: that reads the whole environment on every
            // parse (a quarter of `status` over 10,000 pointers) and prints when
            // YAMS_DEFAULT_ENCODING is set.
            guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                throw PointerError(file: file, line: 1, column: 1, message: "pointer file is empty",
                                   hint: "run `mlx add` on the data to write a new pointer")
            }
            root = node
        } catch let error as PointerError {
            throw error
        } catch let error as YamlError {
            throw PointerCodec.error(from: error, text: text, file: file)
        } catch {
            throw PointerError(file: file, message: "malformed YAML: \(error)")
        }
        var decoder = PointerDecoder(file: file, budget: maximumNodes)
        return try decoder.pointer(from: root)
    }

    static func tooLarge(_ file: String) -> PointerError {
        PointerError(file: file, message: "pointer file is larger than 64 KiB",
                     hint: "a pointer is a few lines of YAML; is this a data file named `.mlx`?")
    }

    /// Turns libyaml's report into mlx's format, keeping its position.
    static func error(from error: YamlError, text: String, file: String) -> PointerError {
        func lowerFirst(_ text: String) -> String {
            guard let first = text.first else { return text }
            return first.lowercased() + text.dropFirst()
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { " (\(lowerFirst($0.text)))" } ?? ""
            return PointerError(file: file, line: mark.line, column: mark.column,
                                message: "malformed YAML: \(lowerFirst(problem))\(detail)")
        case let .reader(problem, offset, _, _):
            let (line, column) = position(ofUTF8Offset: offset ?? 0, in: text)
            return PointerError(file: file, line: line, column: column, message: "malformed YAML: \(lowerFirst(problem))")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return PointerError(file: file, line: context.mark.line, column: context.mark.column,
                                message: "duplicate key \(keys)")
        default:
            return PointerError(file: file, message: "malformed YAML: \(lowerFirst(error.description))")
        }
    }

    /// 1-based line and column (in Unicode scalars) of a UTF-8 byte offset.
    static func position(ofUTF8Offset offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
