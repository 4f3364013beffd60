/// One stage of `mlx.yaml` after templating and `foreach`/`matrix` expansion: everything
/// `mlx repro` needs to decide whether it is up to date and to run it.
///
/// Paths are project-relative (`/`-separated, no `.`/`..`), already joined with `wdir`.
public struct Stage: Sendable, Hashable {
    /// The name: `train`, or `train@cnn` / `train@cnn-0.1` for an expanded stage.
    public var name: String
    /// The commands, run one after another with `sh -c` from `wdir`; a failing one stops the stage.
    public var commands: [String]
    /// Whether `cmd` was written as a list (recorded the same way in `mlx.lock`).
    public var commandIsList: Bool
    /// The folder the commands run in, project-relative (`""` for the project folder).
    public var wdir: String
    /// Files and folders the stage reads.
    public var deps: [String]
    /// Parameters the stage reads, per params file.
    public var params: [ParamsDependency]
    /// Everything the stage writes: `outs`, `metrics` and `plots`, in that order.
    public var outputs: [StageOutput]
    /// Never run or considered changed.
    public var frozen: Bool
    /// Always run (no run cache either).
    public var alwaysChanged: Bool
    public var desc: String?
    /// The stage's key in `mlx.yaml`.
    public var line: Int
    public var column: Int

    /// The name before `@` (the `foreach`/`matrix` group), or the whole name.
    public var groupName: String {
        name.split(separator: "@", maxSplits: 1).first.map(String.init) ?? name
    }

    /// The commands as one line for messages.
    public var commandText: String { commands.joined(separator: " && ") }
}

/// Parameters read from one params file.
public struct ParamsDependency: Sendable, Hashable {
    /// Project-relative path of the params file (YAML, JSON or TOML by extension).
    public var file: String
    /// Dotted keys (`train.lr`, or a subtree `train`); nil tracks every top-level key of the file.
    public var keys: [String]?
}

/// A file or folder a stage writes.
public struct StageOutput: Sendable, Hashable {
    /// Which list of `mlx.yaml` it came from.
    public enum Kind: String, Sendable, Hashable, Encodable {
        case out, metric, plot
    }

    public var path: String
    public var kind: Kind
    /// Whether the workspace copy is linked to the cache and ignored by git. Content is cached
    /// either way, for the run cache; `cache: false` outputs are meant to be committed to git.
    public var cache: Bool
    /// Kept, not deleted, before the stage runs (and no run cache for the stage).
    public var persist: Bool
    public var desc: String?
    /// For a `plots` output: how to draw it, when `mlx.yaml` says.
    public var plot: PlotProperties?
}
