/// An entry of `mlx.yaml`'s top-level `artifacts` (DVC's model registry format): a named file
/// or folder of the project with its type, description, labels and free-form metadata.
public struct ArtifactDefinition: Sendable, Hashable {
    public var name: String
    /// Project-relative.
    public var path: String
    public var type: String?
    public var desc: String?
    public var labels: [String]
    public var meta: ParamValue?

    public init(name: String, path: String, type: String? = nil, desc: String? = nil, labels: [String] = [], meta: ParamValue? = nil) {
        self.name = name
        self.path = path
        self.type = type
        self.desc = desc
        self.labels = labels
        self.meta = meta
    }
}
