extension String {
    /// The string with `& < > " '` escaped, safe in XML (and HTML/SVG) text and in attribute
    /// values quoted either way: S3's request bodies and the plots' pages both need it.
    public var xmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
