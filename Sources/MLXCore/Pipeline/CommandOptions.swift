/// DVC's dictionary unpacking: a mapping referenced inside a stage's `cmd` becomes long
/// options, so a script's arguments follow its params file without editing `mlx.yaml`.
enum CommandOptions {
    /// `{lr: 0.1, name: a b, fast: true, off: false, sizes: [1, 2], opt: {m: 0.9}}` →
    /// `--fast --lr 0.1 --name 'a b' --opt.m 0.9 --sizes 1 2`: keys in byte order, nested
    /// mappings as dotted names, `true` as a bare flag, `false` and null left out (argparse's
    /// `store_true`), lists as one option followed by its values (`nargs`), strings quoted for
    /// the shell. A list holding lists or mappings has no such spelling and is an error.
    static func unpack(_ value: ParamValue, at location: (line: Int, column: Int), file: String) throws(PipelineError) -> String {
        var words: [String] = []
        try append(value, prefix: "", to: &words, at: location, file: file)
        return words.joined(separator: " ")
    }

    private static func append(_ value: ParamValue, prefix: String, to words: inout [String],
                               at location: (line: Int, column: Int), file: String) throws(PipelineError) {
        guard case let .dict(entries) = value else { return }
        for entry in entries {
            let name = prefix.isEmpty ? entry.key : prefix + "." + entry.key
            // Values are quoted, but an option name is written bare: a key from a params file
            // (someone else's, in a cloned repository) must not carry shell syntax into `cmd`.
            guard !entry.key.isEmpty, entry.key.unicodeScalars.allSatisfy(isOptionCharacter) else {
                throw PipelineError(file: file, line: location.line, column: location.column,
                                    message: "key `\(name)` cannot be a command option: option names may hold only letters, digits, `_`, `-` and `.`")
            }
            switch entry.value {
            case .dict:
                try append(entry.value, prefix: name, to: &words, at: location, file: file)
            case let .bool(flag):
                if flag { words.append("--" + name) }
            case .null:
                continue
            case let .list(items):
                words.append("--" + name)
                for item in items {
                    guard let word = argument(item) else {
                        throw PipelineError(file: file, line: location.line, column: location.column,
                                            message: "`\(name)` is a list of lists or mappings and cannot be unpacked into command options")
                    }
                    words.append(word)
                }
            default:
                words.append("--" + name)
                if let word = argument(entry.value) { words.append(word) }
            }
        }
    }

    /// A scalar as one shell word: strings single-quoted, others as YAML spells them.
    private static func argument(_ value: ParamValue) -> String? {
        switch value {
        case let .string(text): return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        case .list, .dict: return nil
        default: return value.interpolationText
        }
    }

    private static func isOptionCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "_-.".unicodeScalars.contains(scalar)
    }
}
