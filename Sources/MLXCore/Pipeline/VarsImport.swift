/// One file entry of `vars`: `config.json`, or `config.json:clean,feats` for only those
/// top-level keys of it (DVC's syntax).
struct VarsImport: Equatable {
    var path: String
    /// The keys to take; nil for the whole file.
    var keys: [String]?

    init(_ text: String) {
        // The last colon splits path and keys, unless what follows names a folder.
        if let colon = text.lastIndex(of: ":"), !text[text.index(after: colon)...].contains("/") {
            path = String(text[..<colon])
            keys = text[text.index(after: colon)...].split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        } else {
            path = text
            keys = nil
        }
    }
}
