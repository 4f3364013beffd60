/// The name of an experiment: one git ref component, `[A-Za-z0-9][A-Za-z0-9._-]*`, at most
/// 100 characters, not ending in `.lock` or `.` and without `..` (which git refuses in refs).
public struct ExperimentName: Hashable, Sendable, CustomStringConvertible {
    /// The longest name accepted.
    public static let maximumLength = 100

    /// The name as typed.
    public let rawValue: String

    /// Validates `text` as a name.
    ///
    /// - Throws: ``ExperimentError`` saying what is wrong and which characters are allowed.
    public init(_ text: String) throws(ExperimentError) {
        let hint = "use letters, digits, '.', '_' and '-', starting with a letter or digit"
        guard !text.isEmpty else { throw ExperimentError("an experiment name cannot be empty", hint: hint) }
        guard text.utf8.count <= Self.maximumLength else {
            throw ExperimentError("experiment name '\(text)' is longer than \(Self.maximumLength) characters", hint: hint)
        }
        let bytes = Array(text.utf8)
        guard Self.isAlphanumeric(bytes[0]), bytes.allSatisfy({ Self.isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }),
              !text.contains(".."), !text.hasSuffix("."), !text.hasSuffix(".lock") else {
            throw ExperimentError("'\(text)' is not a valid experiment name", hint: hint)
        }
        rawValue = text
    }

    private init(unchecked text: String) {
        rawValue = text
    }

    public var description: String { rawValue }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A new `adjective-noun` name that `isTaken` refuses not, as DVC names experiments; after
    /// a few collisions a number is added, so a repository with thousands of experiments still
    /// gets one.
    public static func generate(
        isTaken: (String) -> Bool,
        using generator: inout some RandomNumberGenerator
    ) -> ExperimentName {
        for attempt in 0..<1_000 {
            let adjective = adjectives.randomElement(using: &generator) ?? "new"
            let noun = nouns.randomElement(using: &generator) ?? "run"
            let suffix = attempt < 20 ? "" : "-\(Int.random(in: 2...9_999, using: &generator))"
            let candidate = "\(adjective)-\(noun)\(suffix)"
            if !isTaken(candidate) { return ExperimentName(unchecked: candidate) }
        }
        return ExperimentName(unchecked: "run-\(UInt64.random(in: 0...UInt64.max, using: &generator))")
    }

    /// A new name with the system's random numbers.
    public static func generate(isTaken: (String) -> Bool) -> ExperimentName {
        var generator = SystemRandomNumberGenerator()
        return generate(isTaken: isTaken, using: &generator)
    }

    static let adjectives = [
        "agile", "amber", "azure", "bold", "brave", "brisk", "calm", "civic", "clear", "coral", "crisp", "daring",
        "deft", "eager", "early", "even", "fair", "fleet", "frank", "fresh", "gentle", "glad", "grand", "green",
        "happy", "hardy", "ivory", "jolly", "keen", "kind", "lean", "light", "lucid", "lunar", "merry", "mild",
        "misty", "noble", "novel", "olive", "plain", "polar", "prime", "proud", "quick", "quiet", "rapid", "ready",
        "royal", "rusty", "sable", "sandy", "sharp", "shy", "silky", "sleek", "snowy", "solar", "sound", "spry",
        "steady", "stone", "sunny", "swift", "tidal", "tidy", "urban", "vivid", "warm", "wise", "witty", "young",
    ]

    static let nouns = [
        "acorn", "anvil", "arch", "aspen", "atlas", "badge", "birch", "bloom", "brook", "cabin", "cedar", "cliff",
        "comet", "coral", "crane", "creek", "delta", "dune", "eagle", "ember", "fern", "field", "finch", "fjord",
        "flint", "forge", "gram", "grove", "harbor", "hawk", "heron", "inlet", "iris", "lake", "lark", "ledge",
        "lotus", "maple", "marsh", "meadow", "mesa", "moss", "oak", "orbit", "otter", "owl", "peak", "pine",
        "plume", "pond", "quail", "quartz", "raven", "reef", "ridge", "river", "robin", "sage", "shore", "slate",
        "spark", "spruce", "stream", "summit", "swan", "thorn", "tide", "trail", "vale", "wave", "willow", "wren",
    ]
}
