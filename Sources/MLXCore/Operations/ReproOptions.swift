/// How `mlx repro` should go about it (the command's flags).
public struct ReproOptions: Sendable {
    /// Stage or group names; empty for every stage.
    public var targets: [String] = []
    /// Run the selected stages even when unchanged (and ignore the run cache).
    public var force = false
    /// Only the targets, not the stages they depend on.
    public var singleItem = false
    /// The targets and the stages that depend on them, instead of the ones they depend on.
    public var downstream = false
    /// Say what would run; change nothing.
    public var dryRun = false
    /// After a failure, still run the stages that do not depend on the failed one.
    public var keepGoing = false
    /// How many stage commands may run at once.
    public var jobs = 1
    /// Where to look for run-cache entries the local cache lacks (`--pull`), in order.
    public var runCacheSources: [any RunCacheSource] = []
    /// Send stage commands' stdout to stderr (for `--json`).
    public var stageOutputToStderr = false

    public init() {}
}

/// What happened to one stage.
public struct StageOutcome: Sendable, Equatable {
    public enum Action: String, Sendable {
        /// The command ran and its outputs were recorded.
        case ran
        /// Up to date; nothing done.
        case skipped
        /// Up to date; deleted outputs were restored from the cache.
        case restored
        /// Changed, but a run with the same inputs was in the run cache: outputs restored.
        case runCache = "run-cache"
        /// The command failed, or inputs were missing.
        case failed
        /// Not run because a stage it depends on failed.
        case notRun = "not-run"
        /// `--dry`: would run.
        case wouldRun = "would-run"
    }

    public let stage: String
    public let action: Action
    /// Why it ran, was skipped or did not run.
    public let reason: StageReason
    /// The failure, for `failed`.
    public let error: String?
}

/// Something to tell the user while `mlx repro` works, in the order it happens.
public enum ReproEvent: Sendable {
    /// A decision about a stage (skipped, will run and why, restored, …).
    case decision(stage: String, StageDecision)
    /// A command is about to start.
    case running(stage: String, command: String)
    /// A stage failed; the error says why.
    case failure(any Error)
    /// Something went wrong that the stage works around (a remote run-cache entry that could
    /// not be used: the stage runs instead).
    case warning(stage: String, any Error)
}
