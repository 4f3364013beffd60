/// A column of `exp show` that comes from the files of each row: one metric or param leaf of
/// one file, or one dependency's hash.
public struct ExperimentColumn: Sendable, Hashable {
    /// What the column holds; the table groups columns in this order, as DVC does.
    public enum Kind: Int, Sendable, Comparable {
        /// A leaf of a metrics file.
        case metric
        /// A leaf of a params file.
        case param
        /// A dependency's hash in `mlx.lock`.
        case dependency

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Metric, param or dependency.
    public let kind: Kind
    /// The metrics or params file, or the dependency's path; project-relative.
    public let file: String
    /// The dotted key of a leaf (`train.lr`); empty for a dependency.
    public let key: String

    /// A column of `file`'s leaf `key` (none for a dependency).
    public init(kind: Kind, file: String, key: String = "") {
        self.kind = kind
        self.file = file
        self.key = key
    }

    /// `file:key` for a metric or param, the path for a dependency: unique in a table.
    public var qualifiedName: String {
        kind == .dependency ? file : file + ":" + key
    }
}
