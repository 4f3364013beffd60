/// Reads `mlx.yaml` strictly: unknown keys, wrong types, unknown `${}` names and paths that
/// leave the project are errors naming `mlx.yaml:line:column`.
struct PipelineDecoder {
    let projectRoot: String
    let file = Pipeline.fileName

    static let stageKeys: Set<String> = [
        "cmd", "wdir", "deps", "params", "outs", "metrics", "plots", "frozen", "always_changed", "desc",
    ]
    static let outputOptionKeys: Set<String> = ["cache", "persist", "desc"]

    init(projectRoot: String) {
        self.projectRoot = projectRoot
    }

    mutating func decode(_ text: String) throws -> Pipeline {
        guard let root = try SourceNodeReader.parse(text, file: file) else {
            throw PipelineError(file: file, line: 1, column: 1, message: "mlx.yaml is empty", hint: "declare stages under `stages:`")
        }
        guard let pairs = root.pairs else {
            throw PipelineError(root, "mlx.yaml must be a mapping with `stages`")
        }
        var stagesNode: SourceNode?
        var varsNode: SourceNode?
        var topLevel: [(key: String, value: SourceNode)] = []
        for pair in pairs {
            switch pair.key.scalarText {
            case "stages": stagesNode = pair.value
            case "vars": varsNode = pair.value
            case let key? where Self.topLevelKeys.contains(key): topLevel.append((key, pair.value))
            default:
                throw PipelineError(pair.key, "unknown key `\(pair.key.scalarText ?? "")`",
                                    hint: "mlx.yaml has `stages`, `vars`, `params`, `metrics`, `plots` and `artifacts`")
            }
        }
        let context = try TemplateContext(values: [:]).adding(defaultParams: projectRoot).adding(vars: varsNode, wdir: "", decoder: self)
        var pipeline = stagesNode == nil && !topLevel.isEmpty
            ? Pipeline(stages: []) : try decodeStages(stagesNode, root: root, context: context)
        for (key, node) in topLevel {
            try decodeTopLevel(key, node: try context.render(node), into: &pipeline)
        }
        // `vars` files are params too: `params diff` shows them, as DVC does.
        pipeline.varsFiles = try varsNode?.items?.compactMap { (item) throws(PipelineError) in
            try item.string.map { (text) throws(PipelineError) in try resolvePath(VarsImport(text).path, wdir: "", at: item) }
        } ?? []
        return pipeline
    }

    private mutating func decodeStages(_ stagesNode: SourceNode?, root: SourceNode, context: TemplateContext) throws -> Pipeline {
        guard let stagesNode else {
            throw PipelineError(root, "mlx.yaml has no `stages`")
        }
        if case .scalar(_, .null) = stagesNode.kind { return Pipeline(stages: []) }
        guard let stagePairs = stagesNode.pairs else {
            throw PipelineError(stagesNode, "`stages` must be a mapping of stage names to stages, not \(stagesNode.kindName)")
        }
        var stages: [Stage] = []
        var names = Set<String>()
        for pair in stagePairs {
            let name = pair.key.scalarText ?? ""
            try checkName(name, at: pair.key)
            for stage in try expand(name: name, keyNode: pair.key, body: pair.value, context: context) {
                guard names.insert(stage.name).inserted else {
                    throw PipelineError(pair.key, "stage `\(stage.name)` is defined twice")
                }
                stages.append(stage)
            }
        }
        let pipeline = Pipeline(stages: stages)
        let paramsFiles = Array(Set(stages.flatMap { $0.params.map(\.file) }))
        for stage in stages {
            for output in stage.outputs {
                if let file = ControlFile.paramsFile(in: output.path, among: paramsFiles) {
                    throw PipelineError(file: self.file, line: stage.line, column: stage.column,
                                        message: "output `\(output.path)` of stage `\(stage.name)` \(file == output.path ? "is" : "holds") the params file `\(file)`, which stages read",
                                        hint: "a params file is edited by hand (or by `mlx exp`); write the command's results elsewhere")
                }
            }
        }
        return pipeline
    }

    private func checkName(_ name: String, at node: SourceNode) throws(PipelineError) {
        let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.".unicodeScalars.contains(scalar))
        }
        guard valid else {
            throw PipelineError(node, "stage name `\(name)` may only hold letters, digits, `_`, `-` and `.`")
        }
    }

    // MARK: - foreach / matrix

    private func expand(name: String, keyNode: SourceNode, body: SourceNode, context: TemplateContext) throws -> [Stage] {
        guard let pairs = body.pairs else {
            throw PipelineError(body, "stage `\(name)` must be a mapping with `cmd`, not \(body.kindName)")
        }
        let foreachNode = pairs.first { $0.key.scalarText == "foreach" }
        let matrixNode = pairs.first { $0.key.scalarText == "matrix" }
        if let varsPair = pairs.first(where: { $0.key.scalarText == "vars" }) {
            if foreachNode != nil || matrixNode != nil {
                throw PipelineError(varsPair.key, "a stage's own `vars` cannot be used with `foreach` or `matrix`",
                                    hint: "put the values under the top-level `vars`")
            }
            // Local values for this stage; their files are found from its wdir, which therefore
            // cannot use them (as in DVC).
            let wdirNode = try pairs.first { $0.key.scalarText == "wdir" }.map { (pair) throws(PipelineError) in try context.render(pair.value) }
            let wdirText = try wdirNode.map { (node) throws(PipelineError) in try nonEmptyString(node, "`wdir`") }
            let wdir = try wdirText.map { (text) throws(PipelineError) in
                text == "." || text == "./" ? "" : try resolvePath(text, wdir: "", at: wdirNode!)
            } ?? ""
            let local = try context.adding(vars: varsPair.value, wdir: wdir, decoder: self)
            let rest = SourceNode(.mapping(pairs.filter { $0.key.scalarText != "vars" }), file: file, line: body.line, column: body.column)
            return [try stage(name: name, keyNode: keyNode, body: local.renderStage(rest))]
        }
        if let foreachNode {
            if let matrixNode { throw PipelineError(matrixNode.key, "a stage cannot have both `foreach` and `matrix`") }
            guard let doPair = pairs.first(where: { $0.key.scalarText == "do" }) else {
                throw PipelineError(foreachNode.key, "`foreach` needs a `do` with the stage to repeat")
            }
            if let other = pairs.first(where: { $0.key.scalarText != "foreach" && $0.key.scalarText != "do" }) {
                throw PipelineError(other.key, "unknown key `\(other.key.scalarText ?? "")` beside `foreach`",
                                    hint: "put the stage's keys under `do`")
            }
            return try expandForeach(name: name, keyNode: keyNode, over: foreachNode.value, body: doPair.value, context: context)
        }
        if let doPair = pairs.first(where: { $0.key.scalarText == "do" }) {
            throw PipelineError(doPair.key, "`do` is only valid with `foreach`")
        }
        if let matrixNode {
            let rest = SourceNode(.mapping(pairs.filter { $0.key.scalarText != "matrix" }), file: file,
                                  line: body.line, column: body.column)
            return try expandMatrix(name: name, keyNode: keyNode, matrix: matrixNode.value, body: rest, context: context)
        }
        return [try stage(name: name, keyNode: keyNode, body: context.renderStage(body))]
    }

    private func expandForeach(name: String, keyNode: SourceNode, over node: SourceNode, body: SourceNode,
                               context: TemplateContext) throws -> [Stage] {
        let iterable = try context.render(node).paramValue()
        var stages: [Stage] = []
        switch iterable {
        case let .list(items):
            let useIndex = items.contains { !$0.isScalar }
            for (index, item) in items.enumerated() {
                let suffix = useIndex ? String(index) : (item.interpolationText ?? String(index))
                let local = context.binding(["item": item])
                stages.append(try stage(name: name + "@" + suffix, keyNode: keyNode, body: local.renderStage(body)))
            }
        case let .dict(entries):
            for entry in entries {
                let local = context.binding(["item": entry.value, "key": .string(entry.key)])
                stages.append(try stage(name: name + "@" + entry.key, keyNode: keyNode, body: local.renderStage(body)))
            }
        default:
            throw PipelineError(node, "`foreach` must be a list or a mapping, not \(iterable.kindName)")
        }
        return stages
    }

    private func expandMatrix(name: String, keyNode: SourceNode, matrix node: SourceNode, body: SourceNode,
                              context: TemplateContext) throws -> [Stage] {
        guard let pairs = node.pairs, !pairs.isEmpty else {
            throw PipelineError(node, "`matrix` must be a mapping of names to lists of values")
        }
        // Keys in the order written: the product and the names follow it.
        var axes: [(key: String, values: [ParamValue])] = []
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            guard case let .list(values) = try context.render(pair.value).paramValue(), !values.isEmpty else {
                throw PipelineError(pair.value, "matrix entry `\(key)` must be a non-empty list")
            }
            axes.append((key, values))
        }
        var combinations: [[(key: String, index: Int, value: ParamValue)]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in
                axis.values.enumerated().map { prefix + [(axis.key, $0.offset, $0.element)] }
            }
        }
        return try combinations.map { combination in
            let suffix = combination.map { $0.value.isScalar ? ($0.value.interpolationText ?? "") : $0.key + String($0.index) }
                .joined(separator: "-")
            let item = ParamValue.dictionary(combination.map { .init(key: $0.key, value: $0.value) })
            return try stage(name: name + "@" + suffix, keyNode: keyNode, body: context.binding(["item": item]).renderStage(body))
        }
    }

    // MARK: - one stage

    private func stage(name: String, keyNode: SourceNode, body: SourceNode) throws -> Stage {
        guard let pairs = body.pairs else {
            throw PipelineError(body, "stage `\(name)` must be a mapping with `cmd`, not \(body.kindName)")
        }
        var fields: [String: SourceNode] = [:]
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            guard PipelineDecoder.stageKeys.contains(key) else {
                throw PipelineError(pair.key, "unknown key `\(key)` in stage `\(name)`",
                                    hint: "stage keys: \(PipelineDecoder.stageKeys.sorted().joined(separator: ", "))")
            }
            fields[key] = pair.value
        }
        guard let cmdNode = fields["cmd"] else { throw PipelineError(keyNode, "stage `\(name)` has no `cmd`") }
        var commands: [String] = []
        var commandIsList = false
        if let items = cmdNode.items {
            commandIsList = true
            for item in items { commands.append(try nonEmptyString(item, "each command")) }
            if commands.isEmpty { throw PipelineError(cmdNode, "`cmd` must list at least one command") }
        } else {
            commands = [try nonEmptyString(cmdNode, "`cmd`")]
        }

        var wdir = ""
        if let wdirNode = fields["wdir"] {
            let text = try nonEmptyString(wdirNode, "`wdir`")
            wdir = text == "." || text == "./" ? "" : try resolvePath(text, wdir: "", at: wdirNode)
        }

        var deps: [String] = []
        for item in try list(fields["deps"], "deps") {
            let path = try resolvePath(try nonEmptyString(item, "each dependency"), wdir: wdir, at: item)
            if deps.contains(path) { throw PipelineError(item, "dependency `\(path)` is listed twice") }
            deps.append(path)
        }

        var params: [ParamsDependency] = []
        let defaultFile = wdir.isEmpty ? ParamsFile.defaultName : wdir + "/" + ParamsFile.defaultName
        func addParams(file: String, keys: [String]?, at node: SourceNode) throws {
            if let index = params.firstIndex(where: { $0.file == file }) {
                guard let new = keys, let old = params[index].keys else {
                    params[index].keys = nil
                    return
                }
                for key in new where old.contains(key) { throw PipelineError(node, "param `\(key)` is listed twice") }
                params[index].keys = old + new
            } else {
                params.append(ParamsDependency(file: file, keys: keys))
            }
        }
        for item in try list(fields["params"], "params") {
            if let key = item.string {
                try addParams(file: defaultFile, keys: [try paramKey(key, at: item)], at: item)
            } else if let filePairs = item.pairs {
                for pair in filePairs {
                    let fileName = pair.key.scalarText ?? ""
                    let path = try resolvePath(fileName, wdir: wdir, at: pair.key)
                    guard ParamsFile.format(of: path) != nil else {
                        throw PipelineError(pair.key, "params file `\(fileName)` is not YAML, JSON or TOML",
                                            hint: "name it with a .yaml, .yml, .json or .toml extension")
                    }
                    if case .scalar(_, .null) = pair.value.kind {
                        try addParams(file: path, keys: nil, at: pair.value)
                        continue
                    }
                    guard let keyNodes = pair.value.items else {
                        throw PipelineError(pair.value, "params of `\(fileName)` must be a list of keys, not \(pair.value.kindName)")
                    }
                    var keys: [String] = []
                    for keyNode in keyNodes {
                        guard let key = keyNode.string else {
                            throw PipelineError(keyNode, "each param must be a string key, not \(keyNode.kindName)")
                        }
                        keys.append(try paramKey(key, at: keyNode))
                    }
                    try addParams(file: path, keys: keys.isEmpty ? nil : keys, at: pair.value)
                }
            } else {
                throw PipelineError(item, "each `params` entry must be a key or a mapping `{file: [keys]}`, not \(item.kindName)")
            }
        }

        var outputs: [StageOutput] = []
        for (field, kind) in [("outs", StageOutput.Kind.out), ("metrics", .metric), ("plots", .plot)] {
            for item in try list(fields[field], field) {
                let output = try self.output(item, kind: kind, wdir: wdir)
                if outputs.contains(where: { $0.path == output.path }) {
                    throw PipelineError(item, "output `\(output.path)` is listed twice")
                }
                if deps.contains(output.path) {
                    throw PipelineError(item, "`\(output.path)` is both a dependency and an output of stage `\(name)`")
                }
                outputs.append(output)
            }
        }

        return Stage(name: name, commands: commands, commandIsList: commandIsList, wdir: wdir, deps: deps, params: params,
                     outputs: outputs, frozen: try flag(fields["frozen"], "frozen"),
                     alwaysChanged: try flag(fields["always_changed"], "always_changed"),
                     desc: try fields["desc"].map { (node) throws(PipelineError) in try string(node, "`desc`") },
                     line: keyNode.line, column: keyNode.column)
    }

    private func output(_ item: SourceNode, kind: StageOutput.Kind, wdir: String) throws(PipelineError) -> StageOutput {
        if let text = item.string {
            return StageOutput(path: try outputPath(text, wdir: wdir, at: item), kind: kind, cache: true, persist: false)
        }
        guard let pairs = item.pairs, pairs.count == 1 else {
            throw PipelineError(item, "each output must be a path or `{path: {cache: …, persist: …, desc: …}}`, not \(item.kindName)")
        }
        let pathNode = pairs[0].key
        guard let text = pathNode.scalarText, !text.isEmpty else { throw PipelineError(pathNode, "output path must not be empty") }
        var output = StageOutput(path: try outputPath(text, wdir: wdir, at: pathNode), kind: kind, cache: true, persist: false)
        let options = pairs[0].value
        if case .scalar(_, .null) = options.kind { return output }
        guard let optionPairs = options.pairs else {
            throw PipelineError(options, "options of output `\(text)` must be a mapping, not \(options.kindName)")
        }
        var plot = PlotProperties()
        for pair in optionPairs {
            switch pair.key.scalarText {
            case "cache": output.cache = try flag(pair.value, "cache")
            case "persist": output.persist = try flag(pair.value, "persist")
            case "desc": output.desc = try string(pair.value, "`desc`")
            default:
                // A stage's plot may carry how to draw it (DVC's plot properties).
                guard kind == .plot, try apply(pair, to: &plot, perFile: false) else {
                    throw PipelineError(pair.key, "unknown output option `\(pair.key.scalarText ?? "")`",
                                        hint: "output options: cache, persist, desc" + (kind == .plot ? ", " + PlotProperties.keys.joined(separator: ", ") : ""))
                }
            }
        }
        if plot != PlotProperties() { output.plot = plot }
        return output
    }

    /// An output's project-relative path; control files are refused (a command would overwrite,
    /// and repro delete, the file that steers it).
    private func outputPath(_ text: String, wdir: String, at node: SourceNode) throws(PipelineError) -> String {
        let path = try resolvePath(text, wdir: wdir, at: node)
        if let problem = GitignoreEditor.problem(withName: Syscall.baseName(of: path)) {
            throw PipelineError(node, "output `\(GitignoreEditor.escapingLineBreaks(path))` \(problem)")
        }
        if let role = ControlFile.role(of: path) {
            throw PipelineError(node, "output `\(path)` is \(role), which no stage may write",
                                hint: "name the files the command writes instead")
        }
        return path
    }

    // MARK: - field helpers

    func list(_ node: SourceNode?, _ name: String) throws(PipelineError) -> [SourceNode] {
        guard let node else { return [] }
        if case .scalar(_, .null) = node.kind { return [] }
        guard let items = node.items else { throw PipelineError(node, "`\(name)` must be a list, not \(node.kindName)") }
        return items
    }

    func string(_ node: SourceNode, _ name: String) throws(PipelineError) -> String {
        guard let text = node.string else {
            throw PipelineError(node, "\(name) must be a string, not \(node.kindName)", hint: "quote the value")
        }
        return text
    }

    func nonEmptyString(_ node: SourceNode, _ name: String) throws(PipelineError) -> String {
        let text = try string(node, name)
        if text.allSatisfy(\.isWhitespace) { throw PipelineError(node, "\(name) must not be empty") }
        return text
    }

    func flag(_ node: SourceNode?, _ name: String) throws(PipelineError) -> Bool {
        guard let node else { return false }
        guard case let .scalar(text, .bool) = node.kind else {
            throw PipelineError(node, "`\(name)` must be true or false, not \(node.kindName)")
        }
        return ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"].contains(text)
    }

    private func paramKey(_ key: String, at node: SourceNode) throws(PipelineError) -> String {
        if key.isEmpty || key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw PipelineError(node, "param key `\(key)` has an empty part")
        }
        return key
    }

    /// `path` (relative to `wdir`) as a project-relative path, refusing absolute paths, escapes
    /// through `..`, the project folder itself, and anything inside `.mlx` or `.git`.
    func resolvePath(_ path: String, wdir: String, at node: SourceNode) throws(PipelineError) -> String {
        if path.hasPrefix("/") {
            throw PipelineError(node, "absolute path `\(path)` is not allowed",
                                hint: "paths are relative to the stage's folder and must stay inside the project")
        }
        if path.utf8.contains(0) { throw PipelineError(node, "path contains a NUL byte") }
        var segments = wdir.isEmpty ? [] : wdir.split(separator: "/").map(String.init)
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if segments.isEmpty {
                    throw PipelineError(node, "path `\(path)` escapes the project through `..`",
                                        hint: "paths are relative to the stage's folder and must stay inside the project")
                }
                segments.removeLast()
                continue
            }
            segments.append(String(segment))
        }
        if segments.isEmpty { throw PipelineError(node, "path `\(path)` names the project folder itself") }
        if let reserved = segments.first(where: { ProjectPath.isReserved(segment: $0) }) {
            throw PipelineError(node, "path `\(path)` is inside `\(reserved)`, which mlx never tracks or writes")
        }
        return segments.joined(separator: "/")
    }
}

extension ParamValue {
    /// What the value is, for messages.
    var kindName: String {
        switch self {
        case .string: return "a string"
        case .integer, .float: return "a number"
        case .bool: return "a boolean"
        case .null: return "empty"
        case .list: return "a list"
        case .dict: return "a mapping"
        }
    }
}
