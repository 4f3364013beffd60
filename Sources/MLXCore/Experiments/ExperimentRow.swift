import Foundation

/// One row of `exp show`: the workspace, a baseline commit, or an experiment (saved or queued).
public struct ExperimentRow: Sendable {
    /// Where the row's values come from.
    public enum Kind: Sendable, Equatable {
        case workspace
        case baseline
        case experiment
    }

    /// Workspace, baseline or experiment.
    public let kind: Kind
    /// `workspace`, a baseline's branch names (or short oid), or an experiment's name.
    public let name: String
    /// The commit read; nil for the workspace.
    public let commit: String?
    /// Commit time; nil for the workspace.
    public let created: Date?
    /// `queued`, `running` or `failed` for an entry of the queue; nil otherwise.
    public let state: String?
    /// The leaf values of metrics and params, and dependencies' full hashes as strings.
    public var values: [ExperimentColumn: ParamValue]
    /// Each metrics file as parsed, for `--json`.
    public var metrics: [String: ParamValue] = [:]
    /// Each params file as parsed, for `--json`.
    public var params: [String: ParamValue] = [:]

    /// A row; its values are filled in as its files are read.
    public init(kind: Kind, name: String, commit: String?, created: Date?, state: String? = nil,
                values: [ExperimentColumn: ParamValue] = [:]) {
        self.kind = kind
        self.name = name
        self.commit = commit
        self.created = created
        self.state = state
        self.values = values
    }
}
