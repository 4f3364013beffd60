import Yams

/// Walks a composed YAML tree into a `Pointer`, checking every field and locating every error.
struct PointerDecoder {
    let file: String
    /// Nodes still allowed before the document counts as hostile.
    var budget: Int

    init(file: String, budget: Int) {
        self.file = file
        self.budget = budget
    }

    func error(_ node: Node?, _ message: String, hint: String? = nil) -> PointerError {
        PointerError(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message, hint: hint)
    }

    mutating func pointer(from root: Node) throws(PointerError) -> Pointer {
        guard case let .mapping(mapping) = root else {
            throw error(root, "pointer must be a mapping with an `outs` list")
        }
        var outs: [PointerOutput]?
        var unknown: [YAMLValue.Entry] = []
        for (keyNode, valueNode) in mapping {
            let key = try self.key(keyNode)
            if case .string("outs") = key {
                outs = try outputs(from: valueNode)
            } else {
                unknown.append(YAMLValue.Entry(key: key, value: try value(from: valueNode)))
            }
        }
        guard let outs else {
            throw error(root, "pointer has no `outs` list")
        }
        return Pointer(outs: outs, unknownKeys: unknown)
    }

    mutating func outputs(from node: Node) throws(PointerError) -> [PointerOutput] {
        guard case let .sequence(sequence) = node else {
            throw error(node, "`outs` must be a list of outputs")
        }
        if sequence.isEmpty { throw error(node, "`outs` must list at least one output") }
        var result: [PointerOutput] = []
        var seenPaths: Set<String> = []
        for item in sequence {
            let output = try self.output(from: item)
            if !seenPaths.insert(output.path).inserted {
                throw error(item, "output `\(output.path)` is listed twice")
            }
            result.append(output)
        }
        return result
    }

    mutating func output(from node: Node) throws(PointerError) -> PointerOutput {
        guard case let .mapping(mapping) = node else {
            throw error(node, "each output must be a mapping with `path`, `hash`, `oid` and `size`")
        }
        var fields: [String: Node] = [:]
        var unknown: [YAMLValue.Entry] = []
        for (keyNode, valueNode) in mapping {
            let key = try self.key(keyNode)
            if case let .string(name) = key, PointerCodec.outputKeys.contains(name) {
                fields[name] = valueNode
            } else {
                unknown.append(YAMLValue.Entry(key: key, value: try value(from: valueNode)))
            }
        }
        func required(_ name: String) throws(PointerError) -> Node {
            guard let value = fields[name] else { throw error(node, "output is missing `\(name)`") }
            return value
        }

        let pathNode = try required("path")
        let path = try string(pathNode, "path")
        if let problem = ProjectPath.problem(with: path) {
            throw error(pathNode, "\(problem): `\(path)`",
                        hint: "`path` is relative to the pointer's folder and must stay inside the project")
        }

        let hashNode = try required("hash")
        let hash = try string(hashNode, "hash")
        guard hash == PointerOutput.defaultHash else {
            throw error(hashNode, "unsupported hash `\(hash)`; mlx uses blake3")
        }

        let oidNode = try required("oid")
        let oid = try string(oidNode, "oid")
        guard let objectID = ObjectID(oid) else {
            throw error(oidNode, "oid must be 64 lower-case hex characters",
                        hint: "a directory's oid ends in `.dir`")
        }

        let size = try count(try required("size"), "size")

        var nfiles: Int?
        if let nfilesNode = fields["nfiles"] {
            guard objectID.isDirectory else {
                throw error(nfilesNode, "`nfiles` is only valid for a directory (an oid ending in `.dir`)")
            }
            nfiles = Int(try count(nfilesNode, "nfiles"))
        }

        var isexec: Bool?
        if let isexecNode = fields["isexec"] {
            switch isexecNode.scalar.map({ ($0.string, $0.style) }) {
            case ("true", .plain)?: isexec = true
            case ("false", .plain)?: isexec = false
            default: throw error(isexecNode, "isexec must be true or false")
            }
        }

        let desc = try fields["desc"].map { (node) throws(PointerError) in try string(node, "desc") }
        let type = try fields["type"].map { (node) throws(PointerError) in try string(node, "type") }
        var labels: [String]?
        if let labelsNode = fields["labels"] {
            guard case let .sequence(items) = labelsNode else {
                throw error(labelsNode, "labels must be a list of strings")
            }
            labels = []
            for item in items { labels?.append(try string(item, "each label")) }
        }
        let meta = try fields["meta"].map { (node) throws(PointerError) in try value(from: node) }

        return PointerOutput(path: path, hash: hash, oid: oid, size: size, nfiles: nfiles, isexec: isexec,
                             desc: desc, type: type, labels: labels, meta: meta, unknownKeys: unknown)
    }

    /// A scalar YAML reads as a string; `10` or `true` are refused rather than silently retyped.
    func string(_ node: Node, _ name: String) throws(PointerError) -> String {
        guard case let .scalar(scalar) = node, tagName(node) == .str else {
            throw error(node, "\(name) must be a string", hint: "quote the value")
        }
        return scalar.string
    }

    /// A plain non-negative decimal integer that fits in 64 bits, spelled canonically.
    func count(_ node: Node, _ name: String) throws(PointerError) -> Int64 {
        guard case let .scalar(scalar) = node, scalar.style == .plain,
              let first = scalar.string.utf8.first,
              scalar.string.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              first != UInt8(ascii: "0") || scalar.string.utf8.count == 1,
              let value = Int64(scalar.string) else {
            throw error(node, "\(name) must be a non-negative integer")
        }
        return value
    }

    /// The resolved tag (`Tag.name` itself is internal to Yams).
    func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// A mapping key: a scalar, short enough to stay an implicit key when written back.
    mutating func key(_ node: Node) throws(PointerError) -> YAMLValue {
        let key = try value(from: node)
        guard let text = key.scalarText else {
            throw error(node, "mapping keys must be plain values, not lists or mappings")
        }
        // libyaml refuses implicit keys over 1024 characters, so such a key could not be rewritten.
        if text.unicodeScalars.count > 1000 { throw error(node, "mapping key is longer than 1000 characters") }
        return key
    }

    /// Any YAML value, kept as `YAMLValue`.
    mutating func value(from node: Node) throws(PointerError) -> YAMLValue {
        budget -= 1
        if budget < 0 { throw error(node, "pointer file has too many YAML nodes") }
        switch node {
        case let .scalar(scalar):
            let tag = tagName(node)
            if tag == .str { return .string(scalar.string) }
            // Keep a non-string scalar only if writing its text back bare reads as the same type;
            // explicit or custom tags (`!!binary`, `!model`) could not be written back faithfully.
            if scalar.style == .plain && Resolver.default.resolveTag(of: Node(scalar.string)) == tag {
                return .literal(scalar.string)
            }
            throw error(node, "unsupported YAML tag `\(tag.rawValue)`", hint: "use plain strings, numbers, lists and mappings")
        case let .sequence(sequence):
            var items: [YAMLValue] = []
            for item in sequence { items.append(try value(from: item)) }
            return .sequence(items)
        case let .mapping(mapping):
            var entries: [YAMLValue.Entry] = []
            for (keyNode, valueNode) in mapping {
                entries.append(YAMLValue.Entry(key: try key(keyNode), value: try value(from: valueNode)))
            }
            return .mapping(entries)
        case .alias:
            throw error(node, "YAML aliases are not supported in pointer files")
        }
    }
}
