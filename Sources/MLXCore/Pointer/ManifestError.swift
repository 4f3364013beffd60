/// A directory manifest that mlx refuses, naming the manifest's oid and the entry concerned.
public struct ManifestError: ReportableError, Equatable {
    /// The manifest's object id (`<hex>.dir`), or `nil` for one being built.
    public var oid: String?
    /// The entry's relpath, when the problem is about one entry.
    public var relpath: String?
    /// Lower-case description of the problem.
    public var message: String
    /// What the user can do, where something helps.
    public var hint: String?

    /// Creates an error.
    public init(oid: String?, relpath: String? = nil, message: String, hint: String? = nil) {
        self.oid = oid
        self.relpath = relpath
        self.message = message
        self.hint = hint
    }

    /// `manifest <oid>: message`.
    public var description: String {
        "manifest \(oid ?? "(new)"): \(message)"
    }
}
