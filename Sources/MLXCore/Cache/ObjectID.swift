import MLXHash

/// The name of a cached object: a BLAKE3 digest, with `.dir` for a directory manifest.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The digest of the object's bytes.
    public let digest: Digest
    /// Whether the object is a directory manifest (spelled with the `.dir` suffix).
    public let isDirectory: Bool

    /// Suffix that marks a manifest's id.
    public static let directorySuffix = ".dir"

    /// Creates the id of a file (`isDirectory: false`) or of a manifest.
    public init(_ digest: Digest, isDirectory: Bool = false) {
        self.digest = digest
        self.isDirectory = isDirectory
    }

    /// Parses exactly 64 lower-case hex digits, optionally followed by `.dir`.
    public init?(_ text: String) {
        var hexPart = Substring(text)
        var directory = false
        if text.hasSuffix(ObjectID.directorySuffix) {
            hexPart = hexPart.dropLast(ObjectID.directorySuffix.count)
            directory = true
        }
        guard let digest = ObjectID.digest(strictHex: hexPart) else { return nil }
        self.init(digest, isDirectory: directory)
    }

    /// 64 lower-case hex digits, plus `.dir` for a manifest.
    public var string: String { isDirectory ? digest.hex + ObjectID.directorySuffix : digest.hex }

    /// Same as `string`.
    public var description: String { string }

    /// Orders by spelling, so listings are stable.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.string < rhs.string }

    /// Parses 64 lower-case hex digits and nothing else (`Digest(hex:)` alone would accept more
    /// spellings than SPEC §4 allows, such as upper case).
    static func digest<S: StringProtocol>(strictHex text: S) -> Digest? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        var high: UInt8 = 0
        for (index, character) in utf8.enumerated() {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            default: return nil
            }
            if index % 2 == 0 { high = nibble } else { bytes.append(high << 4 | nibble) }
        }
        return Digest(bytes: bytes)
    }
}
