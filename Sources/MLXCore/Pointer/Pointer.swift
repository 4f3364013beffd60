/// The content of a pointer file (`data/train.csv.mlx`, SPEC §3): what a tracked path holds.
public struct Pointer: Hashable, Sendable {
    /// The tracked outputs; a pointer written by `mlx add` has exactly one.
    public var outs: [PointerOutput]
    /// Top-level keys mlx does not know, kept in source order and written after `outs`.
    public var unknownKeys: [YAMLValue.Entry]

    /// Creates a pointer.
    public init(outs: [PointerOutput], unknownKeys: [YAMLValue.Entry] = []) {
        self.outs = outs
        self.unknownKeys = unknownKeys
    }
}
