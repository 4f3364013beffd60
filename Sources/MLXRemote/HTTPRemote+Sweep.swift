import Foundation
import MLXCore

/// Temporaries that interrupted uploads left on a WebDAV server (a killed push cannot delete
/// them), deleted by `mlx gc --cloud` by the folder remote's rules.
extension HTTPRemote: TemporarySweepingRemote {
    /// Deletes the temporaries whose writer is gone (this machine's, by pid) or that have not
    /// changed for a day (another machine's); none on a plain web server, which cannot list
    /// them. Failures are skipped: sweeping is tidying, never the reason a command fails.
    public func sweepStaleTemporaries() -> [String] {
        guard configuration.speaksWebDAV, let files = try? listWebDAV(prefix: "") else { return [] }
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        var removed: [String] = []
        for (key, entry) in files where TemporaryFiles.isTemporary(key) {
            let name = String(key.split(separator: "/").last ?? "")
            let modified = entry.modifiedNs ?? now
            let info = FileStat(size: entry.size, mtimeNs: modified, ctimeNs: modified, inode: 0)
            guard TemporaryFiles.isStale(name: name, info: info, unidentifiedAge: TemporaryFiles.remoteUnidentifiedAge, now: now),
                  (try? delete(key)) != nil else { continue }
            removed.append(key)
        }
        return removed.sorted()
    }
}
