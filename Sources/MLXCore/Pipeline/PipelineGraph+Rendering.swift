/// `mlx dag` output: a plain list, Graphviz DOT, or a Mermaid flowchart.
extension PipelineGraph {
    /// The stages to show: `target` and every stage it depends on, or all of them.
    public func stages(upTo target: String?) throws -> [Int] {
        guard let target else { return order }
        let selected = ancestors(of: try resolve(targets: [target]))
        return order.filter { selected.contains($0) }
    }

    /// One line per stage in dependency order: `train <- prepare, features`.
    public func renderList(_ shown: [Int]) -> String {
        shown.map { index in
            let name = pipeline.stages[index].name
            let parents = upstream[index].map { pipeline.stages[$0].name }
            return parents.isEmpty ? name : name + " <- " + parents.joined(separator: ", ")
        }.joined(separator: "\n") + (shown.isEmpty ? "" : "\n")
    }

    /// Graphviz: `strict digraph { "prepare"; "prepare" -> "train"; }`, one statement a line.
    public func renderDot(_ shown: [Int]) -> String {
        let set = Set(shown)
        var out = "strict digraph {\n"
        for index in shown { out += "\t" + quoted(pipeline.stages[index].name) + ";\n" }
        for index in shown {
            for parent in upstream[index] where set.contains(parent) {
                out += "\t" + quoted(pipeline.stages[parent].name) + " -> " + quoted(pipeline.stages[index].name) + ";\n"
            }
        }
        return out + "}\n"
    }

    /// Mermaid: `flowchart TD`, nodes `node1["prepare"]`, edges `node1-->node2`.
    public func renderMermaid(_ shown: [Int]) -> String {
        let set = Set(shown)
        var ids: [Int: String] = [:]
        var out = "flowchart TD\n"
        for (position, index) in shown.enumerated() {
            ids[index] = "node\(position + 1)"
            out += "\t\(ids[index]!)[" + quoted(pipeline.stages[index].name).replacingOccurrences(of: "\\\"", with: "#quot;") + "]\n"
        }
        for index in shown {
            for parent in upstream[index] where set.contains(parent) {
                out += "\t\(ids[parent]!)-->\(ids[index]!)\n"
            }
        }
        return out
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
