/// The stages of a project's `mlx.yaml`, expanded and checked (SPEC §5).
public struct Pipeline: Sendable {
    /// The pipeline file at the project's root.
    public static let fileName = "mlx.yaml"
    /// Where `mlx repro` records what each stage used and made, beside `mlx.yaml`.
    public static let lockFileName = "mlx.lock"

    /// The stages in the order `mlx.yaml` defines them (expansions in item order).
    public let stages: [Stage]
    /// Top-level `params`: params files `params diff` compares besides those stages read.
    public var params: [String] = []
    /// The files of top-level `vars` (values for `${}`).
    public var varsFiles: [String] = []
    /// Top-level `metrics`: metrics files besides the stages' `metrics` outputs.
    public var metrics: [String] = []
    /// Top-level `plots`, in file order.
    public var plots: [PlotDefinition] = []
    /// Top-level `artifacts`, in file order.
    public var artifacts: [ArtifactDefinition] = []

    public init(stages: [Stage]) {
        self.stages = stages
    }

    /// The stage called `name`, if any.
    public func stage(named name: String) -> Stage? {
        stages.first { $0.name == name }
    }

    /// Whether the project has an `mlx.yaml`.
    public static func exists(in projectRoot: String) -> Bool {
        Syscall.exists(projectRoot + "/" + fileName)
    }

    /// Reads, templates, expands and checks `<projectRoot>/mlx.yaml`, reading `params.yaml`
    /// and `vars` files beside it for `${…}`.
    public static func load(projectRoot: String) throws -> Pipeline {
        let path = projectRoot + "/" + fileName
        guard Syscall.exists(path) else {
            throw PipelineError(file: fileName, message: "there is no mlx.yaml in the project",
                                hint: "'mlx stage add -n NAME … CMD' creates one")
        }
        let text = try SourceNodeReader.readText(path, file: fileName)
        return try decode(text, projectRoot: projectRoot)
    }

    /// Decodes pipeline text; `vars` files and `params.yaml` are read under `projectRoot`.
    public static func decode(_ text: String, projectRoot: String) throws -> Pipeline {
        var decoder = PipelineDecoder(projectRoot: projectRoot)
        return try decoder.decode(text)
    }
}
