import Foundation

/// `mlx exp run --queue`: records experiments to run later, one per combination of the `-S`
/// sweep. Each is a commit whose parent is `HEAD` (the baseline) and whose tree is the work
/// tree as `mlx exp save` would record it (uncommitted changes included, as DVC queues them)
/// with the overrides applied to the params files, under `refs/exps-queue/NAME`, and an entry
/// `queued` in `.mlx/queue/`.
public struct ExperimentQueuing {
    public let queue: ExperimentQueue
    public let repository: any QueueRepository
    /// The params files' new contents (project-relative path → bytes) for a combination of
    /// overrides, read from the workspace and never written there.
    public let applyOverrides: ([ParamOverride]) throws -> [String: [UInt8]]

    public init(queue: ExperimentQueue, repository: any QueueRepository,
                applyOverrides: @escaping ([ParamOverride]) throws -> [String: [UInt8]]) {
        self.queue = queue
        self.repository = repository
        self.applyOverrides = applyOverrides
    }

    /// Queues one experiment per combination of `sweep`. `name` names the only one, or with
    /// several combinations is the stem of `NAME-1`, `NAME-2`, …; names are generated otherwise.
    /// Every combination is checked (and its files built) before anything is recorded.
    ///
    /// - Throws: ``ExperimentError`` for a name taken by an experiment or a queue entry, and
    ///   when `HEAD` has no commit yet.
    public func enqueue(_ sweep: ParamSweep, name: String?) throws -> [QueueEntry] {
        guard let baseline = try repository.headCommit() else {
            throw ExperimentError("the repository has no commit to base an experiment on", hint: "commit first, then queue")
        }
        let combinations = sweep.combinations
        var taken = Set(try ExperimentStore(repository: repository).list().map(\.name))
        taken.formUnion(try queue.entries().map(\.name))
        taken.formUnion(try repository.references(withPrefix: QueueEntry.refPrefix).map { String($0.name.dropFirst(QueueEntry.refPrefix.count)) })
        var names: [String] = []
        for position in combinations.indices {
            let chosen: String
            if let name {
                chosen = try ExperimentName(combinations.count == 1 ? name : "\(name)-\(position + 1)").rawValue
                if taken.contains(chosen) {
                    throw ExperimentError("experiment '\(chosen)' already exists",
                                          hint: "pick another name with -n NAME, or remove it with `mlx exp remove \(chosen)`")
                }
            } else {
                chosen = ExperimentName.generate(isTaken: taken.contains).rawValue
            }
            taken.insert(chosen)
            names.append(chosen)
        }
        let root = Self.relativeRoot(of: queue.project.root, in: repository.workTreeRoot)
        let trees = try combinations.map { overrides in
            let files = try applyOverrides(overrides)
            let replacing = Dictionary(uniqueKeysWithValues: files.map { (root + $0.key, $0.value) })
            return try repository.writeTree(ofWorkTree: repository.workTreeRoot, replacing: replacing)
        }
        var entries: [QueueEntry] = []
        for (name, tree) in zip(names, trees) {
            let commit = try repository.createCommit(tree: tree, parents: [baseline], message: "mlx exp: \(name)")
            let entry = QueueEntry(name: name, baseline: baseline)
            try queue.write(entry)
            try repository.setReference(entry.refName, to: commit, force: false)
            entries.append(entry)
        }
        return entries
    }

    /// The project's folder relative to the work tree's root, with a trailing `/` ("" at the root).
    static func relativeRoot(of projectRoot: String, in workTreeRoot: String) -> String {
        guard projectRoot != workTreeRoot, projectRoot.hasPrefix(workTreeRoot + "/") else { return "" }
        return String(projectRoot.dropFirst(workTreeRoot.count + 1)) + "/"
    }
}
