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
    /// After a failure, go on with every stage, its dependents included, and let the run
    /// succeed (DVC's `--ignore-errors`); failures are still reported.
    public var ignoreErrors = false
    /// When a stage runs (or is forced), force every stage downstream of it too.
    public var forceDownstream = false
    /// Skip a stage whose only change is data missing from the workspace (deps or outputs that
    /// `mlx.lock` records and the cache cannot restore), instead of running or failing it.
    public var allowMissing = false
    /// Every stage of the pipelines (connected parts of the graph) that hold the targets.
    public var wholePipelines = false
    /// Every stage of every pipeline: the targets are not used.
    public var allPipelines = false
    /// Where `--pull` fetches the tracked data and recorded outputs the cache lacks.
    public var dataRemote: ReproDataRemote?
    /// How many stage commands may run at once.
    public var jobs = 1
    /// Where to look for run-cache entries the local cache lacks (`--pull`), in order.
    public var runCacheSources: [any RunCacheSource] = []
    /// Send stage commands' stdout to stderr (for `--json`).
    public var stageOutputToStderr = false

    public init() {}
}

/// The remote `repro --pull` fetches missing data from.
public struct ReproDataRemote: Sendable {
    public let remote: any Remote
    public let queue: TransferQueue
    /// The remote's name, for messages.
    public let name: String

    public init(remote: any Remote, queue: TransferQueue, name: String) {
        self.remote = remote
        self.queue = queue
        self.name = name
    }
}

/// What `repro` did about one pointer-tracked input (`TrackedSource`).
public struct SourceOutcome: Sendable, Equatable {
    public enum Action: String, Sendable {
        /// The data matches its pointer.
        case unchanged
        /// The data changed and was recorded: pointer rewritten, objects cached.
        case committed
        /// `--dry`: the data changed and would be recorded.
        case wouldCommit = "would-commit"
        /// The data is not in the workspace (the stages reading it cannot run).
        case missing
    }

    /// The pointer file, project-relative.
    public let pointer: String
    /// The data it tracks, project-relative.
    public let path: String
    public let action: Action
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
    /// A pointer-tracked input was judged (and, when changed, recorded) before the stages
    /// reading it.
    case source(SourceOutcome)
    /// `--pull` fetched this many objects from the remote (`name`) for missing data.
    case pulled(objects: Int, remote: String)
    /// `--pull` could not fetch something; the stages needing it run or fail as without it.
    case pullFailed(any Error)
    /// Something went wrong that the stage works around (a remote run-cache entry that could
    /// not be used: the stage runs instead).
    case warning(stage: String, any Error)
}
