import Foundation

/// `mlx.lock`: what each stage last used and made (SPEC §5).
///
/// Canonical text, so git diffs stay small and two machines write the same bytes:
///
/// ```yaml
/// schema: '1.0'
/// stages:
///   train:                      # stages sorted by name (byte order)
///     cmd: python train.py      # a list when mlx.yaml writes a list
///     deps:                     # sorted by path
///     - path: data/prepared
///       hash: blake3
///       oid: 3c1e….dir
///       size: 1234
///       nfiles: 3
///     params:                   # files sorted, keys sorted
///       params.yaml:
///         train.lr: 0.01
///     outs:                     # sorted by path; `isexec: true` where set
///     - path: model.pkl
///       hash: blake3
///       oid: 9f2c…
///       size: 5120
/// ```
public struct PipelineLock: Sendable, Equatable {
    public static let schema = "1.0"

    public var stages: [String: LockedStage]

    public init(stages: [String: LockedStage] = [:]) {
        self.stages = stages
    }

    /// Reads `<projectRoot>/mlx.lock`; an absent file is an empty lock.
    public static func read(projectRoot: String) throws -> PipelineLock {
        let path = projectRoot + "/" + Pipeline.lockFileName
        guard Syscall.exists(path) else { return PipelineLock() }
        return try PipelineLockCodec.decode(try SourceNodeReader.readText(path, file: Pipeline.lockFileName), file: Pipeline.lockFileName)
    }

    /// Writes `<projectRoot>/mlx.lock` atomically (temp file, fsync, rename).
    public func write(projectRoot: String) throws {
        try AtomicFile.write(PipelineLockCodec.encode(self), to: projectRoot + "/" + Pipeline.lockFileName)
    }
}
