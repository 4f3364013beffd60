/// `mlx dag` output: a plain list, Graphviz DOT, or a Mermaid flowchart. Pointer files whose
/// data shown stages read (`TrackedSource`) are nodes too, named by the pointer's path, as
/// `dvc dag` draws `.dvc` files.
extension PipelineGraph {
    /// The stages to show: `target` and every stage it depends on, or all of them.
    public func stages(upTo target: String?) throws -> [Int] {
        guard let target else { return order }
        let selected = ancestors(of: try resolve(targets: [target]))
        return order.filter { selected.contains($0) }
    }

    /// One line per node, sources first, then stages in dependency order:
    /// `data/raw.csv.mlx`, `train <- prepare, features, data/raw.csv.mlx`.
    public func renderList(_ shown: [Int], sources: [TrackedSource] = []) -> String {
        let sources = feeding(shown, sources)
        let lines = sources.map(\.pointerPath) + shown.map { index in
            let name = pipeline.stages[index].name
            let parents = upstream[index].map { pipeline.stages[$0].name }
                + sources.filter { $0.stages.contains(index) }.map(\.pointerPath)
            return parents.isEmpty ? name : name + " <- " + parents.joined(separator: ", ")
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// Graphviz: `strict digraph { "prepare"; "prepare" -> "train"; }`, one statement a line.
    public func renderDot(_ shown: [Int], sources: [TrackedSource] = []) -> String {
        let set = Set(shown)
        let sources = feeding(shown, sources)
        var out = "strict digraph {\n"
        for index in shown { out += "\t" + quoted(pipeline.stages[index].name) + ";\n" }
        for source in sources { out += "\t" + quoted(source.pointerPath) + ";\n" }
        for index in shown {
            for parent in upstream[index] where set.contains(parent) {
                out += "\t" + quoted(pipeline.stages[parent].name) + " -> " + quoted(pipeline.stages[index].name) + ";\n"
            }
        }
        for source in sources {
            for index in source.stages where set.contains(index) {
                out += "\t" + quoted(source.pointerPath) + " -> " + quoted(pipeline.stages[index].name) + ";\n"
            }
        }
        return out + "}\n"
    }

    /// Mermaid: `flowchart TD`, nodes `node1["prepare"]`, edges `node1-->node2`; sources are
    /// numbered after the stages.
    public func renderMermaid(_ shown: [Int], sources: [TrackedSource] = []) -> String {
        let set = Set(shown)
        let sources = feeding(shown, sources)
        var ids: [Int: String] = [:]
        var out = "flowchart TD\n"
        func node(_ id: String, _ label: String) -> String {
            "\t\(id)[" + quoted(label).replacingOccurrences(of: "\\\"", with: "#quot;") + "]\n"
        }
        for (position, index) in shown.enumerated() {
            ids[index] = "node\(position + 1)"
            out += node(ids[index]!, pipeline.stages[index].name)
        }
        for (position, source) in sources.enumerated() { out += node("node\(shown.count + position + 1)", source.pointerPath) }
        for index in shown {
            for parent in upstream[index] where set.contains(parent) {
                out += "\t\(ids[parent]!)-->\(ids[index]!)\n"
            }
        }
        for (position, source) in sources.enumerated() {
            for index in source.stages where set.contains(index) {
                out += "\tnode\(shown.count + position + 1)-->\(ids[index]!)\n"
            }
        }
        return out
    }

    /// The sources that a shown stage reads.
    private func feeding(_ shown: [Int], _ sources: [TrackedSource]) -> [TrackedSource] {
        let set = Set(shown)
        return sources.filter { $0.stages.contains(where: set.contains) }
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
