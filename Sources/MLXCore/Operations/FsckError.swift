/// `mlx fsck` found objects it could not vouch for; the findings themselves are in the report.
public struct FsckError: ReportableError, Equatable {
    /// Objects moved to the quarantine.
    public var corrupt: Int
    /// Objects that could not be read.
    public var unreadable: Int
    /// Manifests that do not decode.
    public var invalidManifests: Int

    /// Creates an error from the counts of findings.
    public init(corrupt: Int, unreadable: Int, invalidManifests: Int) {
        self.corrupt = corrupt
        self.unreadable = unreadable
        self.invalidManifests = invalidManifests
    }

    /// `1 corrupt object moved to the quarantine, …`.
    public var message: String {
        var parts: [String] = []
        if corrupt > 0 { parts.append("\(FsckError.count(corrupt, "corrupt object")) moved to the quarantine") }
        if unreadable > 0 { parts.append("\(FsckError.count(unreadable, "object")) could not be read") }
        if invalidManifests > 0 { parts.append("\(FsckError.count(invalidManifests, "manifest")) could not be decoded") }
        return "the cache has problems: " + parts.joined(separator: ", ")
    }

    public var hint: String? {
        if corrupt > 0 {
            return "`mlx fetch` downloads the missing objects again from the remote; `mlx add` re-caches data you still have"
        }
        if unreadable > 0 { return "check the permissions and the disk of .mlx/cache" }
        return "remove the manifest and `mlx add` its directory again"
    }


    static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }
}
