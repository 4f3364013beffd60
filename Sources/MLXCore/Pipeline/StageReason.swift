/// Why `repro` ran, skipped or did not run a stage, as data: the command words it for the
/// terminal and for `repro --json`'s `reason`.
public enum StageReason: Sendable, Equatable {
    /// Up to date with `mlx.lock`.
    case unchanged
    /// `frozen: true` in `mlx.yaml`.
    case frozen
    /// `--force`.
    case forced
    /// `--force-downstream`: a stage it depends on, directly or not, ran or was forced.
    case forcedByUpstream(stage: String)
    /// `--allow-missing`: nothing changed but these deps or outputs are missing from the
    /// workspace (and the cache cannot restore the outputs).
    case onlyDataMissing([String])
    /// What differs from `mlx.lock`.
    case changed([StageChange])
    /// A stage it depends on failed or did not run.
    case upstreamFailed(stage: String)
    /// `--dry`: a stage it depends on would run, so it would too.
    case upstreamWouldRun(stage: String)
    /// An earlier stage failed and `--keep-going` was not given.
    case stoppedAfterFailure
    /// Its command failed or could not start; the outcome's error says how.
    case failed
}
