import Foundation

extension TemplateContext {
    /// This context with `params.yaml` at the project's root merged in, when it exists (DVC
    /// always loads it first).
    func adding(defaultParams projectRoot: String) throws -> TemplateContext {
        let path = projectRoot + "/" + ParamsFile.defaultName
        guard Syscall.exists(path) else { return self }
        var result = self
        try result.merge(try ParamsFile.read(ParamsFile.defaultName, projectRoot: projectRoot), from: ParamsFile.defaultName, at: nil)
        return result
    }

    /// This context with each entry of a `vars` list merged in: a file (paths relative to
    /// `wdir`), a file with the keys to take (`file.yaml:a,b`), or an inline mapping. A value
    /// that conflicts with one already there is an error naming both places.
    func adding(vars node: SourceNode?, wdir: String, decoder: PipelineDecoder) throws -> TemplateContext {
        guard let node else { return self }
        guard let items = node.items else {
            throw PipelineError(node, "`vars` must be a list of files and mappings, not \(node.kindName)")
        }
        var result = self
        for item in items {
            if let text = item.string {
                let entry = VarsImport(text)
                let relative = try decoder.resolvePath(entry.path, wdir: wdir, at: item)
                guard Syscall.exists(decoder.projectRoot + "/" + relative) else {
                    throw PipelineError(item, "vars file `\(entry.path)` does not exist")
                }
                var value = try ParamsFile.read(relative, projectRoot: decoder.projectRoot)
                if let keys = entry.keys {
                    var picked: [ParamValue.Entry] = []
                    for key in keys {
                        guard let found = value[key] else { throw PipelineError(item, "vars file `\(entry.path)` has no key `\(key)`") }
                        picked.append(.init(key: key, value: found))
                    }
                    value = .dictionary(picked)
                }
                try result.merge(value, from: relative, at: item)
            } else if item.pairs != nil {
                try result.merge(try item.paramValue(), from: "`vars`", at: item)
            } else {
                throw PipelineError(item, "each `vars` entry must be a file path or a mapping, not \(item.kindName)")
            }
        }
        return result
    }

    /// Merges a mapping's top-level names in; mappings merge key by key, equal values are
    /// fine, anything else conflicts.
    mutating func merge(_ value: ParamValue, from origin: String, at node: SourceNode?) throws(PipelineError) {
        guard case let .dict(entries) = value else { return }
        for entry in entries {
            guard let existing = values[entry.key] else {
                values[entry.key] = entry.value
                origins[entry.key] = origin
                continue
            }
            guard let merged = TemplateContext.merge(existing, entry.value) else {
                let message = "`\(entry.key)` is defined in both \(origins[entry.key] ?? "") and \(origin)"
                if let node { throw PipelineError(node, message) }
                throw PipelineError(file: Pipeline.fileName, message: message)
            }
            values[entry.key] = merged
        }
    }

    /// Mappings merge key by key; equal values are fine; anything else conflicts (nil).
    static func merge(_ lhs: ParamValue, _ rhs: ParamValue) -> ParamValue? {
        if lhs == rhs { return lhs }
        guard case let .dict(left) = lhs, case let .dict(right) = rhs else { return nil }
        var byKey = Dictionary(left.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for entry in right {
            if let existing = byKey[entry.key] {
                guard let merged = merge(existing, entry.value) else { return nil }
                byKey[entry.key] = merged
            } else {
                byKey[entry.key] = entry.value
            }
        }
        return .dictionary(byKey.map { .init(key: $0.key, value: $0.value) })
    }
}
