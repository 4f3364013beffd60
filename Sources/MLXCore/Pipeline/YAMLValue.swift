/// A YAML value kept as written, so keys mlx does not know survive a rewrite of a pointer file.
///
/// Yams' `Node` holds a non-`Sendable` class (`Tag`), so pointers keep this small value type
/// instead. Scalars remember only what changes their meaning: whether YAML reads them as a
/// string or as something else (number, boolean, null, timestamp). Styles (quotes, folding)
/// are not kept: the canonical encoder picks them.
public indirect enum YAMLValue: Hashable, Sendable {
    /// A scalar that YAML reads as a string.
    case string(String)
    /// A plain scalar that YAML reads as another type (`10`, `1.5e3`, `true`, `~`, `2024-01-31`),
    /// kept exactly as written.
    case literal(String)
    /// A sequence.
    case sequence([YAMLValue])
    /// A mapping, in its source order.
    case mapping([Entry])

    /// One key and value of a mapping.
    public struct Entry: Hashable, Sendable {
        /// The key: a `.string` or `.literal` scalar.
        public var key: YAMLValue
        /// The value.
        public var value: YAMLValue

        /// Creates an entry.
        public init(key: YAMLValue, value: YAMLValue) {
            self.key = key
            self.value = value
        }

        /// Creates an entry with a string key.
        public init(_ key: String, _ value: YAMLValue) {
            self.init(key: .string(key), value: value)
        }
    }

    /// The text of a scalar, or `nil` for a collection.
    public var scalarText: String? {
        switch self {
        case let .string(text), let .literal(text): return text
        case .sequence, .mapping: return nil
        }
    }
}
