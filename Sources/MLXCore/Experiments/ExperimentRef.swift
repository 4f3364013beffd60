import Foundation

/// A saved experiment: the commit under `refs/exps/<baseline[0..<2]>/<baseline[2...]>/<name>`
/// (DVC's layout), whose parent is the baseline it was run from.
public struct ExperimentRef: Sendable, Equatable {
    /// The namespace every experiment ref lives in.
    public static let namespace = "refs/exps/"

    /// The experiment's name, unique in the repository.
    public let name: String
    /// The commit the experiment was based on (the `HEAD` of its run).
    public let baseline: String
    /// The experiment's own commit.
    public let commit: String
    /// When the experiment was saved (its commit time).
    public let created: Date

    /// Creates a ref.
    public init(name: String, baseline: String, commit: String, created: Date) {
        self.name = name
        self.baseline = baseline
        self.commit = commit
        self.created = created
    }

    /// The full ref name, `refs/exps/ab/cdef…/NAME`.
    public var refName: String { Self.refName(name: name, baseline: baseline) }

    /// The full ref name of experiment `name` based on `baseline`.
    public static func refName(name: String, baseline: String) -> String {
        namespace + baseline.prefix(2) + "/" + baseline.dropFirst(2) + "/" + name
    }

    /// The name and baseline a full ref name holds, or nil for refs of other layouts under
    /// `refs/exps/` (DVC keeps some of its own there, such as `refs/exps/exec/…`).
    public static func parse(refName: String) -> (name: String, baseline: String)? {
        guard refName.hasPrefix(namespace) else { return nil }
        let parts = refName.dropFirst(namespace.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 38, !parts[2].isEmpty else { return nil }
        let baseline = String(parts[0] + parts[1])
        guard baseline.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }) else {
            return nil
        }
        return (String(parts[2]), baseline)
    }
}
