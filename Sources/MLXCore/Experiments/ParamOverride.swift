/// One `-S [FILE:]KEY=VALUE` assignment with a single value: set the dotted `key` (a segment may
/// index a list: `layers.0.units`) of params file `file` (or of the params file that has the
/// key, when none is named) to `value`.
public struct ParamOverride: Sendable, Hashable, CustomStringConvertible {
    /// The params file named before `:`, project-relative, or nil to look the key up.
    public let file: String?
    /// The dotted key.
    public let key: String
    /// The new value, read as YAML reads a flow value (`0.1` a float, `'0.1'` a string).
    public let value: ParamValue

    /// Creates an override.
    public init(file: String?, key: String, value: ParamValue) {
        self.file = file
        self.key = key
        self.value = value
    }

    /// `[FILE:]KEY=VALUE` with the value spelled as mlx writes it.
    public var description: String {
        (file.map { $0 + ":" } ?? "") + key + "=" + (value.isScalar ? PipelineLockCodec.scalar(value) : value.canonicalJSON)
    }

    /// Splits `argument` into its file, key and value text.
    ///
    /// - Throws: ``ExperimentError`` naming the argument when `=` or the key is missing, or a
    ///   key segment is empty.
    static func split(_ argument: String) throws(ExperimentError) -> (file: String?, key: String, value: String) {
        let hint = "write it as [FILE:]KEY=VALUE, e.g. -S train.lr=0.01 or -S params.json:train.lr=0.01"
        guard let equals = argument.firstIndex(of: "=") else {
            throw ExperimentError("malformed -S '\(argument)': no '=' between key and value", hint: hint)
        }
        let left = argument[..<equals]
        let value = String(argument[argument.index(after: equals)...])
        var file: String?
        var key = Substring(left)
        if let colon = left.lastIndex(of: ":") {
            file = String(left[..<colon])
            key = left[left.index(after: colon)...]
            if file?.isEmpty == true {
                throw ExperimentError("malformed -S '\(argument)': the file name before ':' is empty", hint: hint)
            }
        }
        let trimmedKey = key.trimming(anyOf: " \t")
        guard !trimmedKey.isEmpty else { throw ExperimentError("malformed -S '\(argument)': the key is empty", hint: hint) }
        guard !trimmedKey.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw ExperimentError("malformed -S '\(argument)': key '\(trimmedKey)' has an empty part between dots", hint: hint)
        }
        return (file, trimmedKey, value)
    }
}
