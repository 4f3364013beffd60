extension ParamsFileEditor {
    /// YAML: a one-line scalar's text is replaced where it stands (the new value in flow style);
    /// anything else makes the whole document be written again in mlx's block layout.
    static func editYAML(_ text: String, file: String, setting key: String, to value: ParamValue) throws -> String {
        guard let root = try SourceNodeReader.parse(text, file: file), let node = root.node(at: key) else {
            throw notFound(key, file: file)
        }
        if let edited = replacingScalar(node, in: text, with: flowText(value)) { return edited }
        guard case let .dict(entries)? = try root.paramValue().setting(Substring(key), to: value) else {
            throw notFound(key, file: file)
        }
        var out = ""
        for entry in entries { PipelineLockCodec.emit(key: entry.key, value: entry.value, indent: 0, into: &out) }
        return out
    }

    /// A value as one line of YAML (JSON is YAML's flow style for collections).
    static func flowText(_ value: ParamValue) -> String {
        value.isScalar ? PipelineLockCodec.scalar(value) : value.canonicalJSON
    }

    /// `text` with the one-line scalar `node` replaced by `replacement`, or nil when the node is
    /// not a scalar on one line whose source text can be found at its position.
    static func replacingScalar(_ node: SourceNode, in text: String, with replacement: String) -> String? {
        guard case let .scalar(value, _) = node.kind, let contentOffset = node.contentOffset else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.indices.contains(node.line - 1) else { return nil }
        let characters = Array(lines[node.line - 1].unicodeScalars)
        let start = node.column - 1
        guard characters.indices.contains(start) else { return nil }
        var end: Int?
        if contentOffset == 0 {
            let plain = Array(value.unicodeScalars)
            if start + plain.count <= characters.count, Array(characters[start..<start + plain.count]) == plain {
                end = start + plain.count
            }
        } else {
            end = closingQuote(in: characters, openingAt: start).map { $0 + 1 }
        }
        guard let end else { return nil }
        var edited = String.UnicodeScalarView()
        edited.append(contentsOf: characters[..<start])
        edited.append(contentsOf: replacement.unicodeScalars)
        edited.append(contentsOf: characters[end...])
        lines[node.line - 1] = String(edited)
        return lines.joined(separator: "\n")
    }

    /// The position of the quote that closes the quoted scalar opening at `start`.
    private static func closingQuote(in characters: [Unicode.Scalar], openingAt start: Int) -> Int? {
        let quote = characters[start]
        guard quote == "'" || quote == "\"" else { return nil }
        var position = start + 1
        while position < characters.count {
            let character = characters[position]
            if quote == "\"" && character == "\\" {
                position += 2
                continue
            }
            if character == quote {
                // Two single quotes are one quote inside a single-quoted scalar.
                if quote == "'" && position + 1 < characters.count && characters[position + 1] == "'" {
                    position += 2
                    continue
                }
                return position
            }
            position += 1
        }
        return nil
    }
}

extension SourceNode {
    /// The node at a dotted key (a segment may index a sequence), nil when there is none.
    func node(at dottedKey: String) -> SourceNode? {
        var current = self
        for segment in dottedKey.split(separator: ".", omittingEmptySubsequences: false) {
            switch current.kind {
            case let .mapping(pairs):
                guard let pair = pairs.last(where: { $0.key.scalarText.map { $0 == segment } ?? false }) else { return nil }
                current = pair.value
            case let .sequence(items):
                guard let index = Int(segment), items.indices.contains(index) else { return nil }
                current = items[index]
            case .scalar:
                return nil
            }
        }
        return current
    }
}
