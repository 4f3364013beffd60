/// One reason a stage is not up to date with `mlx.lock` — data, so that `repro`, `repro --dry`,
/// `status` and their `--json` all report the same facts.
public enum StageChange: Equatable, Sendable {
    /// No entry in `mlx.lock`.
    case neverRun
    /// `always_changed: true`.
    case alwaysChanged
    /// No dependencies and no params: DVC's callback stage, which always runs.
    case callback
    /// Tracked params whose values differ, `key` (for `params.yaml`) or `file:key`, leaves named.
    case paramsChanged([String])
    /// Dependencies whose oid differs from the lock, or that the lock does not list.
    case depsChanged([String])
    /// Dependencies that do not exist.
    case depsMissing([String])
    /// The expanded command differs from the lock's.
    case commandChanged
    /// `mlx.yaml` declares other outputs than the lock records.
    case outputsRedeclared
    /// Outputs whose content differs from the lock.
    case outputsModified([String])
    /// Recorded outputs that are gone from the workspace; `restorable` when the cache has them.
    case outputsMissing([String], restorable: Bool)

    /// The kind, as `status --json` and `repro --json` name it.
    public var kind: String {
        switch self {
        case .neverRun: "never_run"
        case .alwaysChanged: "always_changed"
        case .callback: "no_deps"
        case .paramsChanged: "params"
        case .depsChanged: "deps"
        case .depsMissing: "deps_missing"
        case .commandChanged: "cmd"
        case .outputsRedeclared: "outs_declared"
        case .outputsModified: "outs"
        case .outputsMissing: "outs_missing"
        }
    }

    /// The paths or keys the reason is about (none for the kinds that have none).
    public var items: [String] {
        switch self {
        case .neverRun, .alwaysChanged, .callback, .commandChanged, .outputsRedeclared: []
        case let .paramsChanged(items), let .depsChanged(items), let .depsMissing(items), let .outputsModified(items): items
        case let .outputsMissing(items, _): items
        }
    }
}
