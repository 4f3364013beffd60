import Foundation

/// What one stage used and made when it last ran.
public struct LockedStage: Sendable, Equatable {
    /// The expanded commands; `isList` when `mlx.yaml` wrote `cmd` as a list.
    public var commands: [String]
    public var commandIsList: Bool
    public var deps: [LockedArtifact]
    /// Params file → dotted key → value.
    public var params: [String: [String: ParamValue]]
    public var outs: [LockedArtifact]
    /// When the run was recorded, in milliseconds since 1970 UTC: only run-cache entries carry
    /// it (`recorded:`), so the newer of two entries for one key wins on fetch and push. Entries
    /// written before it existed have none and count as older than any that has one.
    public var recorded: Int64?

    public init(commands: [String], commandIsList: Bool, deps: [LockedArtifact],
                params: [String: [String: ParamValue]], outs: [LockedArtifact]) {
        self.commands = commands
        self.commandIsList = commandIsList
        self.deps = deps.sorted { ByteOrder.precedes($0.path, $1.path) }
        self.params = params
        self.outs = outs.sorted { ByteOrder.precedes($0.path, $1.path) }
    }
}
