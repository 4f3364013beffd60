import Yams

/// A YAML node of a pipeline-related file, with the place it came from, as a `Sendable` value
/// (Yams' `Node` is not). Scalars keep the type YAML resolved them to, so `lr: 0.1` and
/// `name: '0.1'` stay a float and a string.
struct SourceNode: Sendable, Hashable {
    /// What YAML resolved a scalar to.
    enum ScalarType: Sendable, Hashable {
        case string, integer, float, bool, null
    }

    enum Kind: Sendable, Hashable {
        case scalar(String, ScalarType)
        case sequence([SourceNode])
        /// Keys in source order; keys are scalars.
        case mapping([Pair])
    }

    struct Pair: Sendable, Hashable {
        var key: SourceNode
        var value: SourceNode
    }

    var kind: Kind
    /// The file, for error messages.
    var file: String
    /// 1-based position of the node's first character.
    var line: Int
    var column: Int
    /// How far into the source text a character of a one-line scalar lies: 0 for plain,
    /// 1 for quoted; nil for block scalars and values built by templating.
    var contentOffset: Int?

    init(_ kind: Kind, file: String, line: Int, column: Int, contentOffset: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.contentOffset = contentOffset
    }

    /// The text of a string scalar, nil otherwise.
    var string: String? {
        if case let .scalar(text, .string) = kind { return text }
        return nil
    }

    /// The text of any scalar (a key such as `1` or `true` included), nil for collections.
    var scalarText: String? {
        if case let .scalar(text, _) = kind { return text }
        return nil
    }

    /// The pairs of a mapping, nil otherwise.
    var pairs: [Pair]? {
        if case let .mapping(pairs) = kind { return pairs }
        return nil
    }

    /// The items of a sequence, nil otherwise.
    var items: [SourceNode]? {
        if case let .sequence(items) = kind { return items }
        return nil
    }

    /// What the node is, for "must be a list, not a mapping" messages.
    var kindName: String {
        switch kind {
        case .scalar(_, .string): return "a string"
        case .scalar(_, .integer): return "an integer"
        case .scalar(_, .float): return "a number"
        case .scalar(_, .bool): return "a boolean"
        case .scalar(_, .null): return "empty"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The error location of the `offset`-th character of a one-line scalar's text.
    func location(ofCharacter offset: Int) -> (line: Int, column: Int) {
        guard let contentOffset else { return (line, column) }
        return (line, column + contentOffset + offset)
    }
}

/// Parses YAML text into `SourceNode`s, with file:line:column errors.
enum SourceNodeReader {
    /// Files larger than this are refused before parsing.
    static let maximumSize = 16 << 20
    /// Bound on nodes after alias expansion, so a hostile file cannot exhaust memory.
    static let maximumNodes = 1_000_000

    /// The root node of `text`, or nil for an empty document.
    static func parse(_ text: String, file: String) throws(PipelineError) -> SourceNode? {
        if text.utf8.count > maximumSize {
            throw PipelineError(file: file, message: "file is larger than \(maximumSize >> 20) MiB")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)  // see PointerCodec.decode
        } catch let error as YamlError {
            let located = PointerCodec.error(from: error, text: text, file: file)
            throw PipelineError(file: file, line: located.line, column: located.column, message: located.message)
        } catch {
            throw PipelineError(file: file, message: "malformed YAML: \(error)")
        }
        guard let root else { return nil }
        var budget = maximumNodes
        return try convert(root, file: file, budget: &budget)
    }

    /// Reads `path` (absolute) and parses it; `file` names it in errors.
    static func read(_ path: String, file: String) throws(PipelineError) -> SourceNode? {
        try parse(try readText(path, file: file), file: file)
    }

    /// The UTF-8 text of `path`, with errors naming `file`.
    /// The text of the project file `relative` (params, vars, metrics: files a cloned repository
    /// names), refusing a path that leads, through a link, out of the project or into `.git` or
    /// `.mlx`: its bytes would otherwise be printed, or recorded in `mlx.lock`.
    static func readProjectText(_ relative: String, projectRoot: String) throws -> String {
        let path = try ProjectPath(validating: relative).resolved(under: projectRoot)
        return try readText(path, file: relative)
    }

    static func readText(_ path: String, file: String) throws(PipelineError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try Syscall.readFile(path, limit: maximumSize)
        } catch {
            throw PipelineError(file: file, message: error.message, hint: error.hint)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineError(file: file, message: "file is not valid UTF-8")
        }
        return text
    }

    private static func convert(_ node: Node, file: String, budget: inout Int) throws(PipelineError) -> SourceNode {
        budget -= 1
        let line = node.mark?.line ?? 1
        let column = node.mark?.column ?? 1
        if budget < 0 {
            throw PipelineError(file: file, line: line, column: column, message: "file has too many YAML nodes")
        }
        func fail(_ message: String) -> PipelineError {
            PipelineError(file: file, line: line, column: column, message: message)
        }
        switch node {
        case let .scalar(scalar):
            let type: SourceNode.ScalarType
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .str, .timestamp: type = .string
            case .int: type = .integer
            case .float: type = .float
            case .bool: type = .bool
            case .null: type = .null
            case .merge: throw fail("YAML merge keys (`<<`) are not supported")
            default:
                throw fail("unsupported YAML tag `\(node.tag.rawValue)`")
            }
            let offset: Int?
            switch scalar.style {
            case .plain: offset = 0
            case .singleQuoted, .doubleQuoted: offset = 1
            default: offset = nil
            }
            return SourceNode(.scalar(scalar.string, type), file: file, line: line, column: column,
                              contentOffset: scalar.string.contains("\n") ? nil : offset)
        case let .sequence(sequence):
            var items: [SourceNode] = []
            for item in sequence { items.append(try convert(item, file: file, budget: &budget)) }
            return SourceNode(.sequence(items), file: file, line: line, column: column)
        case let .mapping(mapping):
            var pairs: [SourceNode.Pair] = []
            for (key, value) in mapping {
                let keyNode = try convert(key, file: file, budget: &budget)
                guard case .scalar = keyNode.kind else {
                    throw PipelineError(keyNode, "mapping keys must be plain values, not lists or mappings")
                }
                pairs.append(.init(key: keyNode, value: try convert(value, file: file, budget: &budget)))
            }
            return SourceNode(.mapping(pairs), file: file, line: line, column: column)
        case .alias:
            throw fail("unresolved YAML alias")
        }
    }
}
