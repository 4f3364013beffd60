/// A remote where interrupted uploads can leave temporary files (a folder remote; S3 has none,
/// an upload there appears whole or not at all), which `mlx gc --cloud` deletes once stale.
public protocol TemporarySweepingRemote: Remote {
    /// Deletes the stale temporaries anywhere in the remote (see `TemporaryFiles.isStale`);
    /// returns their keys, sorted.
    func sweepStaleTemporaries() -> [String]
}
