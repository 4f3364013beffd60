extension Pointer {
    /// The source of imported data (`deps`), or `nil` for data `mlx add` tracks.
    public var importSource: ImportSource? {
        get { unknownKeys.first { $0.key.scalarText == ImportSource.key }.flatMap { ImportSource(yaml: $0.value) } }
        set {
            unknownKeys.removeAll { $0.key.scalarText == ImportSource.key }
            if let newValue { unknownKeys.insert(.init(ImportSource.key, newValue.yaml), at: 0) }
        }
    }
}
