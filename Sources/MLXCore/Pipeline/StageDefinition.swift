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
