extension Pipeline {
    /// Every params file the stages read, the top-level `params` and `vars` files,
    /// project-relative, sorted; `params.yaml` is included when it exists even if no stage reads it.
    public func paramsFiles(projectRoot: String) -> [String] {
        var files = Set(stages.flatMap { $0.params.map(\.file) }).union(params).union(varsFiles)
        if Syscall.exists(projectRoot + "/" + ParamsFile.defaultName) { files.insert(ParamsFile.defaultName) }
        return files.sorted(by: ParamValue.precedes)
    }

    /// Every `metrics` output of the stages and every top-level `metrics` file, project-relative, sorted.
    public var metricsFiles: [String] {
        Set(stages.flatMap { $0.outputs.filter { $0.kind == .metric }.map(\.path) }).union(metrics).sorted(by: ParamValue.precedes)
    }
}
