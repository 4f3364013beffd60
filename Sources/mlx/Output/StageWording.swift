import MLXCore

/// The English for the pipeline's verdicts, which MLXCore keeps as data: one clause per
/// change (`params changed (train.lr)`), one line per decision (`stage 'train': skipped
/// (unchanged)`), and the `reason` of `repro --json`.
enum StageWording {
    /// `params changed (train.lr); command changed`.
    static func changes(_ changes: [StageChange]) -> String {
        changes.map(clause).joined(separator: "; ")
    }

    static func clause(_ change: StageChange) -> String {
        func listed(_ items: [String]) -> String { "(" + items.joined(separator: ", ") + ")" }
        switch change {
        case .neverRun: return "never run (no entry in mlx.lock)"
        case .alwaysChanged: return "always changed"
        case .callback: return "no dependencies, so it always runs"
        case let .paramsChanged(keys): return "params changed " + listed(keys)
        case let .depsChanged(paths): return "dependencies changed " + listed(paths)
        case let .depsMissing(paths): return "dependencies missing " + listed(paths)
        case .commandChanged: return "command changed"
        case .outputsRedeclared: return "outputs changed in mlx.yaml"
        case let .outputsModified(paths): return "outputs changed " + listed(paths)
        case let .outputsMissing(paths, restorable):
            return (restorable ? "outputs deleted " : "outputs missing and not in the cache ") + listed(paths)
        }
    }

    /// `forced`, `unchanged`, `stage 'prepare' did not succeed`, or the changes.
    static func reason(_ reason: StageReason) -> String {
        switch reason {
        case .unchanged: "unchanged"
        case .frozen: "frozen"
        case .forced: "forced"
        case let .forcedByUpstream(stage): "forced: stage '\(stage)' ran or was forced (--force-downstream)"
        case let .onlyDataMissing(paths): "only data missing (\(paths.joined(separator: ", ")))"
        case let .changed(list): changes(list)
        case let .upstreamFailed(stage): "stage '\(stage)' did not succeed"
        case let .upstreamWouldRun(stage): "stage '\(stage)' would run"
        case .stoppedAfterFailure: "stopped after a failure"
        case .failed: "error"
        }
    }

    /// `stage 'train': skipped (unchanged)` and the other lines repro prints as it decides.
    static func decision(_ decision: StageDecision, stage: String) -> String {
        let text: String
        switch decision {
        case let .frozen(restored):
            text = restored.isEmpty ? "skipped (frozen)" : "skipped (frozen), restored \(restored.joined(separator: ", ")) from cache"
        case .unchanged:
            text = "skipped (unchanged)"
        case let .missingDataSkipped(paths):
            text = "skipped (only data missing: \(paths.joined(separator: ", ")); --allow-missing)"
        case let .outputsRestored(paths, dryRun):
            text = (dryRun ? "would restore " : "restored ") + paths.joined(separator: ", ") + " from cache"
        case let .willRun(why):
            text = reason(why)
        case let .wouldRunCommand(command):
            text = "would run: \(command)"
        case let .restoredFromRunCache(origin):
            text = origin.map { "restored from run cache (\($0))" } ?? "restored from run cache"
        case let .notRun(why):
            text = "not run (\(reason(why)))"
        case let .wouldRun(why):
            text = "would run (\(reason(why)))"
        }
        return "stage '\(stage)': \(text)"
    }

    /// `data 'raw.csv': changed, recorded in raw.csv.mlx`, for a source `repro` re-recorded (or
    /// would); nil when there is nothing to say (unchanged, or missing: the stages say that).
    static func source(_ outcome: SourceOutcome) -> String? {
        switch outcome.action {
        case .committed: "data '\(outcome.path)': changed, recorded in \(outcome.pointer)"
        case .wouldCommit: "data '\(outcome.path)': changed, would be recorded in \(outcome.pointer)"
        case .unchanged, .missing: nil
        }
    }
}
