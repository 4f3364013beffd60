/// A stage as `mlx stage add` writes it into `mlx.yaml`: paths as the user typed them
/// (relative to `wdir`), not yet resolved.
public struct StageDefinition: Sendable, Equatable {
    public var name: String
    public var command: String
    public var wdir: String?
    public var deps: [String] = []
    /// `-p` values: `key,key` (params.yaml) or `file:key,key`.
    public var params: [String] = []
    public var outs: [String] = []
    public var outsNoCache: [String] = []
    /// Outputs kept (not deleted) before the command runs: DVC's `--outs-persist`.
    public var outsPersist: [String] = []
    public var outsPersistNoCache: [String] = []
    public var metrics: [String] = []
    public var metricsNoCache: [String] = []
    public var plots: [String] = []
    public var plotsNoCache: [String] = []
    public var alwaysChanged = false
    public var desc: String?

    public init(name: String, command: String) {
        self.name = name
        self.command = command
    }

    /// The stage's block: `name:` at `indent` spaces, its keys two further in.
    func yaml(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let field = pad + "  "
        func render(_ text: String) -> String { YAMLValue.render(string: text) }
        var out = pad + render(name) + ":\n"
        out += field + "cmd: " + render(command) + "\n"
        if let wdir { out += field + "wdir: " + render(wdir) + "\n" }
        func list(_ key: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            out += field + key + ":\n"
            for item in items { out += field + "- " + render(item) + "\n" }
        }
        // Options are written only where they differ from the defaults (cache: true, persist: false).
        func outputs(_ key: String, _ groups: [(paths: [String], cache: Bool, persist: Bool)]) {
            guard groups.contains(where: { !$0.paths.isEmpty }) else { return }
            out += field + key + ":\n"
            for group in groups {
                for item in group.paths {
                    out += field + "- " + render(item)
                    if group.cache && !group.persist { out += "\n"; continue }
                    out += ":\n"
                    if !group.cache { out += field + "    cache: false\n" }
                    if group.persist { out += field + "    persist: true\n" }
                }
            }
        }
        list("deps", deps)
        if !params.isEmpty {
            out += field + "params:\n"
            for (file, keys) in parsedParams {
                if let file {
                    out += field + "- " + render(file) + ":\n"
                    for key in keys { out += field + "  - " + render(key) + "\n" }
                } else {
                    for key in keys { out += field + "- " + render(key) + "\n" }
                }
            }
        }
        outputs("outs", [(outs, true, false), (outsNoCache, false, false), (outsPersist, true, true), (outsPersistNoCache, false, true)])
        outputs("metrics", [(metrics, true, false), (metricsNoCache, false, false)])
        outputs("plots", [(plots, true, false), (plotsNoCache, false, false)])
        if alwaysChanged { out += field + "always_changed: true\n" }
        if let desc { out += field + "desc: " + render(desc) + "\n" }
        return out
    }

    /// `-p` values grouped by file (nil: the default params file), in the order given.
    var parsedParams: [(file: String?, keys: [String])] {
        var result: [(file: String?, keys: [String])] = []
        for value in params {
            var file: String?
            var keys = Substring(value)
            if let colon = value.lastIndex(of: ":") {
                file = String(value[..<colon])
                keys = value[value.index(after: colon)...]
            }
            let split = keys.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
            if let index = result.firstIndex(where: { $0.file == file }) {
                result[index].keys += split.filter { !result[index].keys.contains($0) }
            } else {
                result.append((file, split))
            }
        }
        return result
    }
}

/// Edits `mlx.yaml` as text, so the other stages keep their layout and comments.
public enum PipelineEditor {
    /// Adds `definition` to the project's `mlx.yaml` (created if missing), or replaces the
    /// stage of that name when `force`; the result is decoded and its graph checked before
    /// it is written (atomically).
    public static func addStage(_ definition: StageDefinition, projectRoot: String, force: Bool) throws {
        let path = projectRoot + "/" + Pipeline.fileName
        let file = Pipeline.fileName
        let text = Syscall.exists(path) ? try SourceNodeReader.readText(path, file: file) : ""
        let updated = try edit(text, adding: definition, force: force)
        let pipeline = try Pipeline.decode(updated, projectRoot: projectRoot)
        _ = try PipelineGraph(pipeline)
        try AtomicFile.write(updated, to: path)
    }

    static func edit(_ text: String, adding definition: StageDefinition, force: Bool) throws -> String {
        let file = Pipeline.fileName
        guard let root = try SourceNodeReader.parse(text, file: file) else {
            return text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "stages:\n" + definition.yaml(indent: 2)
        }
        guard let pairs = root.pairs else { throw PipelineError(root, "mlx.yaml must be a mapping with `stages`") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let stagesIndex = pairs.firstIndex(where: { $0.key.scalarText == "stages" }) else {
            return text + (text.hasSuffix("\n") ? "" : "\n") + "stages:\n" + definition.yaml(indent: 2)
        }
        let stagesPair = pairs[stagesIndex]
        // Where the `stages` block ends: the next top-level key, or the end of the file.
        let endLine = stagesIndex + 1 < pairs.count ? pairs[stagesIndex + 1].key.line - 1 : lines.count
        let block: String
        var insertAt: Int
        var replaceUntil: Int
        switch stagesPair.value.kind {
        case .scalar(_, .null):
            block = definition.yaml(indent: stagesPair.key.column + 1)
            insertAt = stagesPair.key.line
            replaceUntil = insertAt
        case let .mapping(stagePairs) where !stagePairs.isEmpty && stagePairs[0].key.line > stagesPair.key.line:
            let indent = stagePairs[0].key.column - 1
            block = definition.yaml(indent: indent)
            func isBlankOrComment(_ line: String) -> Bool {
                let trimmed = line.trimmingCharacters(in: " ")
                return trimmed.isEmpty || trimmed.hasPrefix("#")
            }
            if let existing = stagePairs.firstIndex(where: { $0.key.scalarText == definition.name }) {
                guard force else {
                    throw PipelineError(stagePairs[existing].key, "stage '\(definition.name)' already exists",
                                        hint: "use -f to replace it")
                }
                insertAt = stagePairs[existing].key.line - 1
                replaceUntil = existing + 1 < stagePairs.count ? stagePairs[existing + 1].key.line - 1 : endLine
                // Blank lines and comments before the next key stay with it.
                while replaceUntil > insertAt + 1, isBlankOrComment(lines[replaceUntil - 1]) { replaceUntil -= 1 }
            } else {
                insertAt = endLine
                while insertAt > stagesPair.key.line, lines[insertAt - 1].trimmingCharacters(in: " ").isEmpty { insertAt -= 1 }
                replaceUntil = insertAt
            }
        default:
            throw PipelineError(stagesPair.value, "`stages` is not a block mapping, so mlx cannot add to it",
                                hint: "write each stage on its own lines under `stages:`")
        }
        let newLines = block.split(separator: "\n").map(String.init)
        lines.replaceSubrange(insertAt..<replaceUntil, with: newLines)
        return lines.joined(separator: "\n") + "\n"
    }
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        var result = Substring(self)
        while result.first == character { result.removeFirst() }
        while result.last == character { result.removeLast() }
        return String(result)
    }
}
