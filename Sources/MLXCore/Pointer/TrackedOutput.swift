/// One output of one pointer file, with the project-relative paths of both.
public struct TrackedOutput: Sendable {
    /// The pointer file, project-relative (`data/train.csv.mlx`).
    public let pointerPath: String
    /// Which of the pointer's `outs` this is.
    public let outputIndex: Int
    /// The tracked file or directory, project-relative (`data/train.csv`).
    public let dataPath: String
    /// The recorded facts: oid, size, annotations.
    public let output: PointerOutput

    /// All outputs of a decoded pointer file at `pointerPath`.
    public static func outputs(of pointer: Pointer, at pointerPath: String) -> [TrackedOutput] {
        let folder = pointerPath.split(separator: "/").dropLast().joined(separator: "/")
        return pointer.outs.enumerated().map { index, output in
            TrackedOutput(
                pointerPath: pointerPath, outputIndex: index,
                dataPath: folder.isEmpty ? output.path : folder + "/" + output.path, output: output)
        }
    }
}
