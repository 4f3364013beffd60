/// `${…}` substitution in `mlx.yaml` (the DVC syntax): values come from `params.yaml`, the
/// files and mappings under `vars`, and `item`/`key` inside `foreach` and `matrix` stages.
///
/// - A string that is exactly one `${name}` becomes the value itself, so `foreach: ${models}`
///   gets a list and `frozen: ${freeze}` a boolean.
/// - Elsewhere each `${name}` is replaced by the value's text; lists and mappings cannot be.
/// - Names are dotted keys (`train.lr`, `item.model`); a segment may index a list (`layers.0`);
///   brackets work too (`layers[0]`, `item[model]`).
/// - Inside a stage's `cmd`, a mapping is unpacked into options (DVC's dictionary unpacking):
///   `${train}` with `{lr: 0.1, name: a b, fast: true, off: false, sizes: [1, 2], opt: {m: 0.9}}`
///   becomes `--fast --lr 0.1 --name 'a b' --opt.m 0.9 --sizes 1 2` (keys in byte order; false
///   and null leave the option out; strings quoted for the shell).
/// - `\${` writes a literal `${`.
/// - An unknown name is an error at its `${` in `mlx.yaml`.
struct TemplateContext: Sendable {
    /// Top-level names and their values.
    var values: [String: ParamValue]
    /// Where each top-level name came from (`params.yaml`, a vars file, `` `vars` ``), for
    /// conflict messages.
    var origins: [String: String] = [:]

    /// The value of a dotted name, or nil.
    func resolve(_ name: String) -> ParamValue? {
        let segments = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let top = values[String(segments[0])] else { return nil }
        return segments.count == 1 ? top : top.lookup(String(segments[1]))
    }

    /// This context with `item` (and `key`) bound, for one `foreach`/`matrix` element.
    func binding(_ local: [String: ParamValue]) -> TemplateContext {
        TemplateContext(values: values.merging(local) { $1 }, origins: origins)
    }

    /// Substitutes in a stage's body; its `cmd` (a string or list) unpacks mappings into options.
    func renderStage(_ body: SourceNode) throws(PipelineError) -> SourceNode {
        guard case let .mapping(pairs) = body.kind else { return try render(body) }
        var rendered = body
        var out: [SourceNode.Pair] = []
        for pair in pairs {
            out.append(.init(key: pair.key, value: try render(pair.value, unpacking: pair.key.scalarText == "cmd")))
        }
        rendered.kind = .mapping(out)
        return rendered
    }

    /// Substitutes in every string scalar below `node` (mapping keys are left as written);
    /// `unpacking` turns mappings into command-line options (a stage's `cmd`).
    func render(_ node: SourceNode, unpacking: Bool = false) throws(PipelineError) -> SourceNode {
        switch node.kind {
        case let .scalar(text, .string):
            return try render(string: text, at: node, unpacking: unpacking)
        case .scalar:
            return node
        case let .sequence(items):
            var rendered = node
            var out: [SourceNode] = []
            for item in items { out.append(try render(item, unpacking: unpacking)) }
            rendered.kind = .sequence(out)
            return rendered
        case let .mapping(pairs):
            var rendered = node
            var out: [SourceNode.Pair] = []
            for pair in pairs { out.append(.init(key: pair.key, value: try render(pair.value))) }
            rendered.kind = .mapping(out)
            return rendered
        }
    }

    private enum Piece {
        case text(String)
        case reference(name: String, offset: Int)
    }

    func render(string text: String, at node: SourceNode, unpacking: Bool = false) throws(PipelineError) -> SourceNode {
        let pieces = try TemplateContext.split(text, at: node)
        if pieces.count == 1, case let .text(plain) = pieces[0] {
            var result = node
            result.kind = .scalar(plain, .string)
            return result
        }
        if pieces.count == 1, case let .reference(name, offset) = pieces[0] {
            let value = try value(of: name, offset: offset, at: node)
            if case .dict = value, unpacking {
                var result = node
                result.kind = .scalar(try CommandOptions.unpack(value, at: node.location(ofCharacter: offset), file: node.file), .string)
                result.contentOffset = nil
                return result
            }
            return TemplateContext.node(for: value, at: node)
        }
        var out = ""
        for piece in pieces {
            switch piece {
            case let .text(plain): out += plain
            case let .reference(name, offset):
                let value = try value(of: name, offset: offset, at: node)
                if unpacking, case .dict = value {
                    out += try CommandOptions.unpack(value, at: node.location(ofCharacter: offset), file: node.file)
                    continue
                }
                guard let text = value.interpolationText else {
                    let (line, column) = node.location(ofCharacter: offset)
                    throw PipelineError(file: node.file, line: line, column: column,
                                        message: "`${\(name)}` is a \(value.isList ? "list" : "mapping") and cannot be part of a string")
                }
                out += text
            }
        }
        var result = node
        result.kind = .scalar(out, .string)
        result.contentOffset = nil
        return result
    }

    private func value(of name: String, offset: Int, at node: SourceNode) throws(PipelineError) -> ParamValue {
        if let value = resolve(name) { return value }
        let (line, column) = node.location(ofCharacter: offset)
        let known = values.keys.sorted().prefix(8).map { "`\($0)`" }.joined(separator: ", ")
        throw PipelineError(file: node.file, line: line, column: column, message: "unknown name `\(name)` in `${\(name)}`",
                            hint: values.isEmpty ? "define it in params.yaml or under `vars` in mlx.yaml"
                                : "known names: \(known); define others in params.yaml or under `vars`")
    }

    /// Splits `text` into literal text and `${name}` references (offsets in characters).
    private static func split(_ text: String, at node: SourceNode) throws(PipelineError) -> [Piece] {
        let characters = Array(text)
        var pieces: [Piece] = []
        var literal = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "\\", index + 2 < characters.count, characters[index + 1] == "$", characters[index + 2] == "{" {
                literal += "${"
                index += 3
                continue
            }
            guard characters[index] == "$", index + 1 < characters.count, characters[index + 1] == "{" else {
                literal.append(characters[index])
                index += 1
                continue
            }
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                let (line, column) = node.location(ofCharacter: index)
                throw PipelineError(file: node.file, line: line, column: column, message: "`${` is not closed by `}`",
                                    hint: "write `\\${` for a literal `${`")
            }
            let name = TemplateContext.dotted(String(characters[(index + 2)..<close]).trimmingCharacters(in: " "))
            let valid = !name.isEmpty && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
                !segment.isEmpty && segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            }
            guard valid else {
                let (line, column) = node.location(ofCharacter: index)
                throw PipelineError(file: node.file, line: line, column: column,
                                    message: "`${\(String(characters[(index + 2)..<close]))}` is not a valid name",
                                    hint: "names are dotted keys such as `train.lr` or `item.model`")
            }
            if !literal.isEmpty { pieces.append(.text(literal)); literal = "" }
            pieces.append(.reference(name: name, offset: index))
            index = close + 1
        }
        if !literal.isEmpty || pieces.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    /// `layers[0]`, `item[model]` and `item['model']` as the dotted `layers.0`, `item.model`.
    static func dotted(_ name: String) -> String {
        guard name.contains("[") else { return name }
        var out = ""
        var inBracket = false
        for character in name {
            switch character {
            case "[" where !inBracket:
                inBracket = true
                out.append(".")
            case "]" where inBracket:
                inBracket = false
            case "'" where inBracket, "\"" where inBracket:
                continue
            default:
                out.append(character)
            }
        }
        return inBracket ? name : out
    }

    /// A value turned back into a node at `node`'s place, so later errors still point there.
    static func node(for value: ParamValue, at node: SourceNode) -> SourceNode {
        func make(_ kind: SourceNode.Kind) -> SourceNode {
            SourceNode(kind, file: node.file, line: node.line, column: node.column)
        }
        switch value {
        case let .string(text): return make(.scalar(text, .string))
        case let .integer(number): return make(.scalar(String(number), .integer))
        case let .float(number): return make(.scalar(ParamValue.format(number), .float))
        case let .bool(flag): return make(.scalar(flag ? "true" : "false", .bool))
        case .null: return make(.scalar("null", .null))
        case let .list(items): return make(.sequence(items.map { TemplateContext.node(for: $0, at: node) }))
        case let .dict(entries):
            return make(.mapping(entries.map {
                .init(key: make(.scalar($0.key, .string)), value: TemplateContext.node(for: $0.value, at: node))
            }))
        }
    }
}

extension ParamValue {
    var isList: Bool {
        if case .list = self { return true }
        return false
    }
}
