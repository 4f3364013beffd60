import Foundation

/// The canonical encoder and strict decoder of `mlx.lock` (and run-cache entries, which use
/// the same layout for one stage).
enum PipelineLockCodec {
    static func encode(_ lock: PipelineLock) -> String {
        var out = "schema: '\(PipelineLock.schema)'\n"
        if lock.stages.isEmpty { return out + "stages: {}\n" }
        out += "stages:\n"
        for name in lock.stages.keys.sorted(by: { ByteOrder.precedes($0, $1) }) {
            out += "  " + YAMLValue.render(string: name) + ":\n"
            encode(lock.stages[name]!, indent: 4, into: &out)
        }
        return out
    }

    /// Appends the keys of one stage entry at `indent`.
    static func encode(_ stage: LockedStage, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        if stage.commandIsList {
            out += pad + "cmd:\n"
            for command in stage.commands { out += pad + "- " + YAMLValue.render(string: command) + "\n" }
        } else {
            out += pad + "cmd: " + YAMLValue.render(string: stage.commands.first ?? "") + "\n"
        }
        if !stage.deps.isEmpty {
            out += pad + "deps:\n"
            for dep in stage.deps { encode(dep, indent: indent, into: &out) }
        }
        if !stage.params.isEmpty {
            out += pad + "params:\n"
            for file in stage.params.keys.sorted(by: ParamValue.precedes) {
                let values = stage.params[file]!
                if values.isEmpty {
                    out += pad + "  " + YAMLValue.render(string: file) + ": {}\n"
                    continue
                }
                out += pad + "  " + YAMLValue.render(string: file) + ":\n"
                for key in values.keys.sorted(by: ParamValue.precedes) {
                    emit(key: key, value: values[key]!, indent: indent + 4, into: &out)
                }
            }
        }
        if !stage.outs.isEmpty {
            out += pad + "outs:\n"
            for output in stage.outs { encode(output, indent: indent, into: &out) }
        }
        if let recorded = stage.recorded { out += pad + "recorded: " + String(recorded) + "\n" }
    }

    private static func encode(_ artifact: LockedArtifact, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        out += pad + "- path: " + YAMLValue.render(string: artifact.path) + "\n"
        out += pad + "  hash: " + PointerOutput.defaultHash + "\n"
        out += pad + "  oid: " + artifact.oid.string + "\n"
        out += pad + "  size: " + String(artifact.size) + "\n"
        if let nfiles = artifact.nfiles { out += pad + "  nfiles: " + String(nfiles) + "\n" }
        if artifact.isexec == true { out += pad + "  isexec: true\n" }
    }

    /// Block YAML for a param value. Scalars are spelled so YAML reads back the same type
    /// (`-5` stays an integer, `'5'` a string).
    static func emit(key: String, value: ParamValue, indent: Int, into out: inout String) {
        let prefix = String(repeating: " ", count: indent) + YAMLValue.render(string: key) + ":"
        switch value {
        case let .list(items) where !items.isEmpty:
            out += prefix + "\n"
            emit(items: items, indent: indent, into: &out)
        case let .dict(entries) where !entries.isEmpty:
            out += prefix + "\n"
            for entry in entries { emit(key: entry.key, value: entry.value, indent: indent + 2, into: &out) }
        default:
            out += prefix + " " + scalar(value) + "\n"
        }
    }

    private static func emit(items: [ParamValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case let .list(nested) where !nested.isEmpty:
                out += pad + "-\n"
                emit(items: nested, indent: indent + 2, into: &out)
            case let .dict(entries) where !entries.isEmpty:
                out += pad + "-\n"
                for entry in entries { emit(key: entry.key, value: entry.value, indent: indent + 2, into: &out) }
            default:
                out += pad + "- " + scalar(item) + "\n"
            }
        }
    }

    static func scalar(_ value: ParamValue) -> String {
        switch value {
        case let .string(text): return YAMLValue.render(string: text)
        case let .integer(number): return String(number)
        case let .float(number): return ParamValue.format(number)
        case let .bool(flag): return flag ? "true" : "false"
        case .null: return "null"
        case .list: return "[]"
        case .dict: return "{}"
        }
    }

    // MARK: - decoding

    static func decode(_ text: String, file: String) throws(PipelineError) -> PipelineLock {
        guard let root = try SourceNodeReader.parse(text, file: file) else { return PipelineLock() }
        guard let pairs = root.pairs else { throw PipelineError(root, "\(file) must be a mapping with `schema` and `stages`") }
        var lock = PipelineLock()
        var sawSchema = false
        for pair in pairs {
            switch pair.key.scalarText {
            case "schema":
                guard pair.value.scalarText == PipelineLock.schema else {
                    throw PipelineError(pair.value, "unsupported schema `\(pair.value.scalarText ?? pair.value.kindName)`; this mlx writes '\(PipelineLock.schema)'",
                                        hint: "a newer mlx wrote this file; upgrade mlx")
                }
                sawSchema = true
            case "stages":
                if case .scalar(_, .null) = pair.value.kind { continue }
                guard let stagePairs = pair.value.pairs else {
                    throw PipelineError(pair.value, "`stages` must be a mapping, not \(pair.value.kindName)")
                }
                for stagePair in stagePairs {
                    let name = stagePair.key.scalarText ?? ""
                    lock.stages[name] = try decodeStage(stagePair.value, name: name, at: stagePair.key)
                }
            default:
                throw PipelineError(pair.key, "unknown key `\(pair.key.scalarText ?? "")`")
            }
        }
        if !sawSchema { throw PipelineError(root, "\(file) has no `schema`") }
        return lock
    }

    static func decodeStage(_ node: SourceNode, name: String, at keyNode: SourceNode) throws(PipelineError) -> LockedStage {
        guard let pairs = node.pairs else { throw PipelineError(node, "entry of stage `\(name)` must be a mapping, not \(node.kindName)") }
        var commands: [String]?
        var isList = false
        var deps: [LockedArtifact] = []
        var params: [String: [String: ParamValue]] = [:]
        var outs: [LockedArtifact] = []
        var recorded: Int64?
        for pair in pairs {
            switch pair.key.scalarText {
            case "cmd":
                if let text = pair.value.string {
                    commands = [text]
                } else if let items = pair.value.items {
                    isList = true
                    commands = []
                    for item in items {
                        guard let text = item.string else { throw PipelineError(item, "each command must be a string, not \(item.kindName)") }
                        commands?.append(text)
                    }
                } else {
                    throw PipelineError(pair.value, "`cmd` must be a string or a list of strings, not \(pair.value.kindName)")
                }
            case "deps": deps = try artifacts(pair.value, "deps")
            case "outs": outs = try artifacts(pair.value, "outs")
            case "params":
                guard let filePairs = pair.value.pairs else {
                    throw PipelineError(pair.value, "`params` must be a mapping of files to values, not \(pair.value.kindName)")
                }
                for filePair in filePairs {
                    let fileName = filePair.key.scalarText ?? ""
                    guard case let .dict(entries) = try filePair.value.paramValue() else {
                        throw PipelineError(filePair.value, "params of `\(fileName)` must be a mapping of keys to values")
                    }
                    params[fileName] = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
                }
            case "recorded": recorded = try count(pair.value, "recorded")
            default:
                throw PipelineError(pair.key, "unknown key `\(pair.key.scalarText ?? "")` in stage `\(name)`",
                                    hint: "a stage entry has cmd, deps, params and outs")
            }
        }
        guard let commands else { throw PipelineError(keyNode, "entry of stage `\(name)` has no `cmd`") }
        var stage = LockedStage(commands: commands, commandIsList: isList, deps: deps, params: params, outs: outs)
        stage.recorded = recorded
        return stage
    }

    private static func artifacts(_ node: SourceNode, _ name: String) throws(PipelineError) -> [LockedArtifact] {
        guard let items = node.items else { throw PipelineError(node, "`\(name)` must be a list, not \(node.kindName)") }
        var result: [LockedArtifact] = []
        for item in items {
            guard let pairs = item.pairs else { throw PipelineError(item, "each entry of `\(name)` must be a mapping, not \(item.kindName)") }
            var fields: [String: SourceNode] = [:]
            for pair in pairs {
                let key = pair.key.scalarText ?? ""
                guard ["path", "hash", "oid", "size", "nfiles", "isexec"].contains(key) else {
                    throw PipelineError(pair.key, "unknown key `\(key)`")
                }
                fields[key] = pair.value
            }
            func required(_ key: String) throws(PipelineError) -> SourceNode {
                guard let value = fields[key] else { throw PipelineError(item, "entry is missing `\(key)`") }
                return value
            }
            let pathNode = try required("path")
            guard let path = pathNode.string else {
                throw PipelineError(pathNode, "`path` must be a project-relative path")
            }
            if let problem = ProjectPath.problem(with: path) {
                throw PipelineError(pathNode, "`path` \(GitignoreEditor.escapingLineBreaks(path)): \(problem)")
            }
            let hashNode = try required("hash")
            guard hashNode.string == PointerOutput.defaultHash else {
                throw PipelineError(hashNode, "unsupported hash `\(hashNode.scalarText ?? "")`; mlx uses blake3")
            }
            let oidNode = try required("oid")
            guard let oidText = oidNode.string, let oid = ObjectID(oidText) else {
                throw PipelineError(oidNode, "oid must be 64 lower-case hex characters", hint: "a directory's oid ends in `.dir`")
            }
            let size = try count(try required("size"), "size")
            var nfiles: Int?
            if let node = fields["nfiles"] {
                guard oid.isDirectory else { throw PipelineError(node, "`nfiles` is only valid for a directory") }
                nfiles = Int(try count(node, "nfiles"))
            }
            var isexec: Bool?
            if let node = fields["isexec"] {
                guard case let .scalar(text, .bool) = node.kind else { throw PipelineError(node, "isexec must be true or false") }
                isexec = text == "true" ? true : nil
            }
            result.append(LockedArtifact(path: path, oid: oid, size: size, nfiles: nfiles, isexec: isexec))
        }
        return result
    }

    private static func count(_ node: SourceNode, _ name: String) throws(PipelineError) -> Int64 {
        guard case let .scalar(text, .integer) = node.kind, let value = Int64(text), value >= 0 else {
            throw PipelineError(node, "\(name) must be a non-negative integer")
        }
        return value
    }
}
