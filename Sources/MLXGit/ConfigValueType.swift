import Foundation
internal import CGit2
import MLXCore

/// What a configuration key accepts, as the code that reads the key reads it.
public enum ConfigValueType: Sendable, Equatable {
    /// Any text.
    case text
    /// git's spellings of true and false (``ConfigValueParsing/bool(_:)``).
    case boolean
    /// A boolean, or else the path of a file (`ssl_verify`: a CA bundle).
    case booleanOrFile
    /// One of `allowed`, in any case.
    case choice(allowed: [String])
    /// A whole number, with git's `k`, `m`, `g` suffixes, of at least `minimum`.
    case integer(minimum: Int)
    /// A number of bytes (`8MiB`, `64MB`, `1g`) of at least `minimum` (``ConfigValueParsing/size(_:)``).
    case size(minimum: Int64)
    /// A comma-separated list of some of `allowed`, in order of preference.
    case list(allowed: [String])
    /// A local folder path (not a URL), absolute or relative.
    case folderPath
    /// The name of a remote: the subsection of a `[remote "NAME"]`.
    case remoteName
    /// A folder path, or a URL with one of `schemes`.
    case remoteURL(schemes: [String])
    /// An `http://` or `https://` address, or a bare `host[:port]` (https).
    case endpoint

    /// What a good value looks like, for messages and the man page: "an integer of at least 1".
    public var expectation: String {
        switch self {
        case .text: "text"
        case .boolean: "true or false (also yes/no, on/off, 1/0)"
        case .booleanOrFile: "true or false, or the path of an existing file"
        case let .integer(minimum): "an integer of at least \(minimum)"
        case let .size(minimum): "a size of at least \(Self.sizeText(minimum)) (bytes, or with a unit: 8MiB, 64MB, 1GiB)"
        case let .list(allowed): "a comma-separated list of \(allowed.joined(separator: ", "))"
        case .folderPath: "a folder path (absolute, or relative to the configuration file's folder)"
        case let .choice(allowed): allowed.count == 1 ? allowed[0] : "one of \(allowed.joined(separator: ", "))"
        case .remoteName: "a remote name (no quote, backslash or line break, not starting with -)"
        case let .remoteURL(schemes): "a folder path or \(schemes.map { $0 + "://…" }.joined(separator: ", ")) URL"
        case .endpoint: "an http:// or https:// address, or host[:port]"
        }
    }

    /// Why `value` is not of this type, or `nil` when it is.
    public func problem(with value: String) -> String? {
        switch self {
        case .text:
            return nil
        case .boolean:
            return ConfigValueParsing.bool(value) == nil ? "expected \(expectation)" : nil
        case .booleanOrFile:
            let isFile = FileManager.default.fileExists(atPath: (value as NSString).expandingTildeInPath)
            return ConfigValueParsing.bool(value) != nil || isFile ? nil : "expected \(expectation)"
        case let .choice(allowed):
            return allowed.contains { $0.lowercased() == value.lowercased() } ? nil : "expected \(expectation)"
        case let .integer(minimum):
            guard let number = Self.integer(value) else { return "expected \(expectation)" }
            return number < minimum ? "must be at least \(minimum)" : nil
        case let .size(minimum):
            guard let bytes = ConfigValueParsing.size(value) else { return "expected \(expectation)" }
            return bytes < minimum ? "must be at least \(Self.sizeText(minimum))" : nil
        case let .list(allowed):
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
            let unknown = items.filter { !allowed.contains($0) }
            guard !unknown.isEmpty else { return nil }
            let named = unknown.map { $0.isEmpty ? "an empty item" : "'\($0)'" }.joined(separator: ", ")
            return "\(named) \(unknown.count == 1 ? "is" : "are") not one of \(allowed.joined(separator: ", ")) (write a comma-separated list)"
        case .folderPath:
            if value.isEmpty { return "expected \(expectation)" }
            return Self.scheme(of: value).map { "'\($0)://' is a URL; expected \(expectation)" }
        case .remoteName:
            do {
                try RemoteRegistry.checkName(value)
                return nil
            } catch {
                return "expected \(expectation)"
            }
        case let .remoteURL(schemes):
            return Self.urlProblem(value, schemes: schemes)
        case .endpoint:
            guard let scheme = Self.scheme(of: value) else {
                return value.isEmpty ? "expected \(expectation)" : nil
            }
            return ["http", "https"].contains(scheme.lowercased()) ? nil : "unsupported scheme '\(scheme)://'; expected \(expectation)"
        }
    }

    /// An integer as ``MLXConfig/int(_:)`` reads it (`git_config_parse_int64`): digits with an
    /// optional sign and `k`, `m` or `g` suffix.
    static func integer(_ text: String) -> Int? {
        // A failed parse sets libgit2's thread-local error, whose key only exists after
        // git_libgit2_init: before it, that lookup read another library's slot and crashed.
        GitLibrary.initialize()
        var result: Int64 = 0
        guard git_config_parse_int64(&result, text) == 0 else { return nil }
        return Int(exactly: result)
    }

    private static func urlProblem(_ url: String, schemes: [String]) -> String? {
        guard !url.isEmpty else { return "expected \(ConfigValueType.remoteURL(schemes: schemes).expectation)" }
        guard let scheme = scheme(of: url), !schemes.contains(scheme.lowercased()) else { return nil }
        let supported = schemes.map { $0 + "://" }.joined(separator: ", ")
        return "unsupported scheme '\(scheme)://'; mlx supports \(supported) and folder paths"
    }

    /// The scheme of a `scheme://…` value, or `nil` for a path.
    private static func scheme(of value: String) -> Substring? {
        guard let separator = value.range(of: "://") else { return nil }
        let scheme = value[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return scheme
    }

    private static func sizeText(_ bytes: Int64) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20)MiB" : "\(bytes) bytes"
    }
}
