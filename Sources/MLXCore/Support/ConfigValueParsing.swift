/// How configuration values spelled by people become numbers and flags: one reading, shared by
/// the configuration schema (which refuses what it cannot read) and the adapters (which use it).
public enum ConfigValueParsing {
    /// `1048576`, `8M`, `8MB`, `8MiB`, `1g` … (binary multiples; S3 part sizes are MiB anyway),
    /// or `nil` when `text` is not a size.
    public static func size(_ text: String) -> Int64? {
        let trimmed = text.trimming(anyOf: " \t").lowercased()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int64(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimming(anyOf: " \t")
        let shifts: [String: Int64] = ["": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20, "g": 30, "gb": 30, "gib": 30]
        guard let shift = shifts[unit], number <= Int64.max >> shift else { return nil }
        return number << shift
    }

    /// git's spellings of a boolean, in any case: `true`/`yes`/`on`/`1` and
    /// `false`/`no`/`off`/`0`; `nil` for anything else.
    public static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }
}
