/// What `repro` decided about one stage, told as it happens (`ReproEvent.decision`).
public enum StageDecision: Sendable, Equatable {
    /// Frozen, so skipped; these missing outputs were restored from the cache.
    case frozen(restored: [String])
    /// Up to date: nothing to do.
    case unchanged
    /// `--allow-missing`: skipped, as its only change is that these deps or outputs are missing.
    case missingDataSkipped([String])
    /// Up to date, but these deleted outputs were (or with `--dry` would be) restored.
    case outputsRestored([String], dryRun: Bool)
    /// It will run, for this reason (changed or forced).
    case willRun(StageReason)
    /// `--dry`: the command that would run.
    case wouldRunCommand(String)
    /// Outputs restored from a run with the same inputs; `origin` names a remote source, nil
    /// for the local run cache.
    case restoredFromRunCache(origin: String?)
    /// Not run, for this reason (a stage it depends on failed).
    case notRun(StageReason)
    /// `--dry`: would run, for this reason (a stage it depends on would run).
    case wouldRun(StageReason)
}
