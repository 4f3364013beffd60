extension PipelineDecoder {
    /// Top-level keys besides `stages` and `vars`, as DVC writes them.
    static let topLevelKeys: Set<String> = ["params", "metrics", "plots", "artifacts"]

    /// Decodes one top-level section (already templated) into the pipeline.
    func decodeTopLevel(_ key: String, node: SourceNode, into pipeline: inout Pipeline) throws(PipelineError) {
        switch key {
        case "params":
            pipeline.params = try files(node, key)
        case "metrics":
            pipeline.metrics = try files(node, key)
        case "plots":
            pipeline.plots = try list(node, key).map { (item) throws(PipelineError) in try plot(item) }
            var seen = Set<String>()
            for (plot, item) in zip(pipeline.plots, try list(node, key)) where !seen.insert(plot.id).inserted {
                throw PipelineError(item, "plot `\(plot.id)` is defined twice")
            }
        default:
            pipeline.artifacts = try artifacts(node)
        }
    }

    /// A list of project-relative paths (top-level `params`, `metrics`), each listed once.
    private func files(_ node: SourceNode, _ key: String) throws(PipelineError) -> [String] {
        var result: [String] = []
        for item in try list(node, key) {
            let path = try resolvePath(try nonEmptyString(item, "each `\(key)` entry"), wdir: "", at: item)
            if result.contains(path) { throw PipelineError(item, "`\(path)` is listed twice in `\(key)`") }
            result.append(path)
        }
        return result
    }

    /// `- path`, `- path: {props}`, or `- name: {y: {file: field}, …}`.
    private func plot(_ item: SourceNode) throws(PipelineError) -> PlotDefinition {
        if let text = item.string {
            return PlotDefinition(id: try resolvePath(text, wdir: "", at: item), line: item.line)
        }
        guard let pairs = item.pairs, pairs.count == 1, let id = pairs[0].key.scalarText, !id.isEmpty else {
            throw PipelineError(item, "each plot must be a path or `{id: {x: …, y: …, template: …}}`, not \(item.kindName)")
        }
        let properties = try plotProperties(pairs[0].value, of: id, perFile: true)
        // Without files under `y`, the id is the data's path and must stay inside the project.
        let named = properties.y?.sources.contains { $0.file != nil } ?? false
        let resolved = named ? id : try resolvePath(id, wdir: "", at: pairs[0].key)
        return PlotDefinition(id: resolved, properties: properties, line: pairs[0].key.line)
    }

    /// DVC's plot properties; `perFile` allows `x`/`y` to map files to fields (top-level plots).
    func plotProperties(_ node: SourceNode, of id: String, perFile: Bool) throws(PipelineError) -> PlotProperties {
        var properties = PlotProperties()
        if case .scalar(_, .null) = node.kind { return properties }
        guard let pairs = node.pairs else {
            throw PipelineError(node, "properties of plot `\(id)` must be a mapping, not \(node.kindName)")
        }
        for pair in pairs where !(try apply(pair, to: &properties, perFile: perFile)) {
            throw PipelineError(pair.key, "unknown property `\(pair.key.scalarText ?? "")` of plot `\(id)`",
                                hint: "plot properties: " + PlotProperties.keys.joined(separator: ", "))
        }
        return properties
    }

    /// Sets the plot property `pair` names; false when it names none.
    func apply(_ pair: SourceNode.Pair, to properties: inout PlotProperties, perFile: Bool) throws(PipelineError) -> Bool {
        switch pair.key.scalarText {
        case "template": properties.template = try nonEmptyString(pair.value, "`template`")
        case "title": properties.title = try string(pair.value, "`title`")
        case "x_label": properties.xLabel = try string(pair.value, "`x_label`")
        case "y_label": properties.yLabel = try string(pair.value, "`y_label`")
        case "header": properties.header = try flag(pair.value, "header")
        case "x": properties.x = try axis(pair.value, "x", perFile: perFile)
        case "y": properties.y = try axis(pair.value, "y", perFile: perFile)
        default: return false
        }
        return true
    }

    /// `field`, `[fields]`, or (per file) `{file: field | [fields]}`.
    private func axis(_ node: SourceNode, _ name: String, perFile: Bool) throws(PipelineError) -> PlotAxis {
        func fields(_ node: SourceNode) throws(PipelineError) -> [String] {
            if node.string != nil { return [try nonEmptyString(node, "`\(name)`")] }
            guard let items = node.items, !items.isEmpty else {
                throw PipelineError(node, "`\(name)` must name a field or a list of fields, not \(node.kindName)")
            }
            return try items.map { (item) throws(PipelineError) in try nonEmptyString(item, "each field of `\(name)`") }
        }
        guard let pairs = node.pairs else { return PlotAxis(sources: [.init(file: nil, fields: try fields(node))]) }
        guard perFile else {
            throw PipelineError(node, "`\(name)` of a stage's plot names fields of that file, not a mapping of files")
        }
        var sources: [PlotAxis.Source] = []
        for pair in pairs {
            let file = try resolvePath(try nonEmptyString(pair.key, "a file of `\(name)`"), wdir: "", at: pair.key)
            if name == "x", pair.value.string == nil {
                throw PipelineError(pair.value, "`x` names one field per file, not \(pair.value.kindName)")
            }
            sources.append(.init(file: file, fields: try fields(pair.value)))
        }
        return PlotAxis(sources: sources)
    }

    /// `name: {path, type, desc, labels, meta}`.
    private func artifacts(_ node: SourceNode) throws(PipelineError) -> [ArtifactDefinition] {
        if case .scalar(_, .null) = node.kind { return [] }
        guard let pairs = node.pairs else {
            throw PipelineError(node, "`artifacts` must be a mapping of names to artifacts, not \(node.kindName)")
        }
        var result: [ArtifactDefinition] = []
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            let valid = !name.isEmpty && !name.hasPrefix("-") && !name.hasSuffix("-")
                && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            guard valid else {
                throw PipelineError(pair.key, "artifact name `\(name)` may only hold lower-case letters, digits and inner `-`")
            }
            guard let fields = pair.value.pairs else {
                throw PipelineError(pair.value, "artifact `\(name)` must be a mapping with `path`, not \(pair.value.kindName)")
            }
            var path: String?
            var artifact = ArtifactDefinition(name: name, path: "")
            for field in fields {
                switch field.key.scalarText {
                case "path": path = try resolvePath(try nonEmptyString(field.value, "`path`"), wdir: "", at: field.value)
                case "type": artifact.type = try string(field.value, "`type`")
                case "desc": artifact.desc = try string(field.value, "`desc`")
                case "labels":
                    artifact.labels = try list(field.value, "labels").map { (item) throws(PipelineError) in try nonEmptyString(item, "each label") }
                case "meta": artifact.meta = try field.value.paramValue()
                default:
                    throw PipelineError(field.key, "unknown key `\(field.key.scalarText ?? "")` of artifact `\(name)`",
                                        hint: "artifact keys: path, type, desc, labels, meta")
                }
            }
            guard let path else { throw PipelineError(pair.key, "artifact `\(name)` has no `path`") }
            artifact.path = path
            result.append(artifact)
        }
        return result
    }
}
