/// The one rule for showing a URL that may carry credentials (`https://user:password@host`,
/// `https://token@host`): the password, or a user part that stands alone, becomes `***`.
///
/// Every message that may hold a remote's URL or endpoint goes through ``redact(_:)``: errors,
/// hints, warnings, `remote list`, `config` and JSON documents.
public enum URLRedaction {
    /// What a password shows as.
    public static let mask = "***"

    /// `text` with the user information of every `scheme://…@host` in it masked: `user:password@`
    /// becomes `user:***@` (the user name helps to tell accounts apart) and a lone `token@`
    /// becomes `***@` (a token alone is the secret). Anything else is left as it is.
    public static func redact(_ text: String) -> String {
        guard text.contains("://") else { return text }
        var result = ""
        var rest = Substring(text)
        while let separator = rest.range(of: "://") {
            result += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authority = rest.prefix { !endsAuthority($0) }
            guard let at = authority.lastIndex(of: "@") else { continue }
            let userInfo = authority[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                result += userInfo[..<colon] + ":" + mask
            } else {
                result += mask
            }
            rest = rest[at...]
        }
        return result + rest
    }

    /// Where the `user:password@host:port` part of a URL ends, also inside a sentence or quotes.
    private static func endsAuthority(_ character: Character) -> Bool {
        character == "/" || character == "?" || character == "#" || character.isWhitespace
            || character == "'" || character == "\"" || character == "`" || character == "<" || character == ">"
    }
}
