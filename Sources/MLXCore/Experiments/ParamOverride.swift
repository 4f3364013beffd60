/// One `-S [FILE:]KEY=VALUE` assignment with a single value: set the dotted `key` (a segment may
/// index a list: `layers.0.units`) of params file `file` (or of the params file that has the
/// key, when none is named) to `value`. DVC's Hydra prefixes are understood as DVC users write
/// them: `+KEY=VALUE` adds a key that no params file has, `++KEY=VALUE` sets a key whether or
/// not it exists, and `~KEY` (or `~KEY=VALUE`, only while it holds VALUE) removes one.
public struct ParamOverride: Sendable, Hashable, CustomStringConvertible {
    /// What the override does to its key.
    public enum Action: String, Sendable, Hashable {
        /// `KEY=VALUE`: changes a key that exists.
        case set = ""
        /// `+KEY=VALUE`: adds a key that does not exist yet.
        case add = "+"
        /// `++KEY=VALUE`: changes the key, adding it when it does not exist.
        case setOrAdd = "++"
        /// `~KEY[=VALUE]`: removes the key.
        case remove = "~"
    }

    /// The params file named before `:`, project-relative, or nil to look the key up.
    public let file: String?
    /// The dotted key.
    public let key: String
    /// The new value, read as YAML reads a flow value (`0.1` a float, `'0.1'` a string); for
    /// `remove`, the value the key must hold to be removed, or nil for any.
    public let value: ParamValue?
    /// What is done to the key.
    public let action: Action

    /// Creates an override.
    public init(file: String?, key: String, value: ParamValue?, action: Action = .set) {
        self.file = file
        self.key = key
        self.value = value
        self.action = action
    }

    /// The same override with its params file named `file`.
    public func located(in file: String?) -> ParamOverride {
        ParamOverride(file: file, key: key, value: value, action: action)
    }

    /// `[FILE:][PREFIX]KEY[=VALUE]` with the value spelled as mlx writes it.
    public var description: String {
        let assigned = value.map { "=" + ($0.isScalar ? PipelineLockCodec.scalar($0) : $0.canonicalJSON) } ?? ""
        return (file.map { $0 + ":" } ?? "") + action.rawValue + key + assigned
    }

    /// Splits `argument` into its file, action, key and value text (nil only for `~KEY`).
    ///
    /// - Throws: ``ExperimentError`` naming the argument when `=` or the key is missing, or a
    ///   key segment is empty.
    static func split(_ argument: String) throws(ExperimentError) -> (file: String?, action: Action, key: String, value: String?) {
        let hint = "write it as [FILE:]KEY=VALUE, e.g. -S train.lr=0.01 or -S params.json:train.lr=0.01"
        let equals = argument.firstIndex(of: "=")
        let left = argument[..<(equals ?? argument.endIndex)]
        let value = equals.map { String(argument[argument.index(after: $0)...]) }
        var file: String?
        var key = Substring(left)
        if let colon = left.lastIndex(of: ":") {
            file = String(left[..<colon])
            key = left[left.index(after: colon)...]
            if file?.isEmpty == true {
                throw ExperimentError("malformed -S '\(argument)': the file name before ':' is empty", hint: hint)
            }
        }
        key = Substring(key.trimming(anyOf: " \t"))
        let action: Action
        if key.hasPrefix("++") {
            action = .setOrAdd
        } else if key.hasPrefix("+") {
            action = .add
        } else if key.hasPrefix("~") {
            action = .remove
        } else {
            action = .set
        }
        key = key.dropFirst(action.rawValue.count)
        if value == nil && action != .remove {
            throw ExperimentError("malformed -S '\(argument)': no '=' between key and value", hint: hint)
        }
        guard !key.isEmpty else { throw ExperimentError("malformed -S '\(argument)': the key is empty", hint: hint) }
        guard !key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw ExperimentError("malformed -S '\(argument)': key '\(key)' has an empty part between dots", hint: hint)
        }
        return (file, action, String(key), value)
    }
}
