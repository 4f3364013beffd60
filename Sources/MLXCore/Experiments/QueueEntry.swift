import Foundation

/// The state of one queued experiment, as `.mlx/queue/NAME.json` records it; its commit (the
/// baseline with the run's changes and overrides applied) is `refs/exps-queue/NAME`.
public struct QueueEntry: Codable, Sendable, Equatable {
    /// Where a queued experiment is in its life.
    public enum State: String, Codable, Sendable {
        /// Recorded, waiting for `mlx exp run --run-all`.
        case queued
        /// Being run by the process `pid`.
        case running
        /// Its run failed (a stage failed, it was killed, its baseline is gone): its queue ref
        /// and log are kept.
        case failed
        /// Its run succeeded and was saved under `refs/exps/`; the queue ref is gone.
        case done
    }

    /// The experiment's name (one git ref component).
    public let name: String
    public var state: State
    /// The commit the experiment is based on (the queue commit's parent).
    public let baseline: String
    /// When it was queued.
    public let created: Date
    /// The process running it (state `running`), or the last one that did.
    public var pid: Int32?
    public var started: Date?
    public var finished: Date?
    /// The run's exit status: 0 for done; 128 + N when signal N ended it.
    public var exitStatus: Int32?
    /// Why it failed, in one line (for `mlx queue status`).
    public var error: String?

    public init(name: String, baseline: String, created: Date = Date()) {
        self.name = name
        self.state = .queued
        self.baseline = baseline
        self.created = created
    }

    /// The ref that holds the queued commit.
    public var refName: String { Self.refPrefix + name }

    /// Where queue refs live.
    public static let refPrefix = "refs/exps-queue/"
}
