/// The experiments of a repository, kept as commits under `refs/exps/` (see ``ExperimentRef``).
///
/// Saving writes git objects first and the ref last, through ``ExperimentRepository``, which
/// writes refs atomically: a process killed half-way leaves unreferenced objects (which
/// `git gc` drops), never a ref to a half-written experiment.
public struct ExperimentStore: Sendable {
    /// The repository the experiments live in.
    public let repository: any ExperimentRepository

    /// A store over `repository`.
    public init(repository: any ExperimentRepository) {
        self.repository = repository
    }

    /// Every experiment of every baseline, oldest first (by commit time, then name).
    public func list() throws -> [ExperimentRef] {
        try repository.references(withPrefix: ExperimentRef.namespace).compactMap { tip -> ExperimentRef? in
            guard let parsed = ExperimentRef.parse(refName: tip.name) else { return nil }
            let summary = try repository.commitSummary(tip.commit)
            return ExperimentRef(name: parsed.name, baseline: parsed.baseline, commit: tip.commit, created: summary.time)
        }.sorted { ($0.created, $0.name) < ($1.created, $1.name) }
    }

    /// The experiment called `name` (or whose full ref name is `name`).
    ///
    /// - Throws: ``ExperimentError`` for a name no experiment has.
    public func resolve(name: String) throws -> ExperimentRef {
        let all = try list()
        if let found = all.first(where: { $0.name == name || $0.refName == name }) { return found }
        throw ExperimentError("unknown experiment '\(name)'", hint: "see the experiments with `mlx exp list --all-commits`")
    }

    /// Records the work tree at `workspace` as experiment `name` (a generated one when nil) based
    /// on `baseline`, and returns it. The user's index, `HEAD` and branches are not touched.
    ///
    /// - Throws: ``ExperimentError`` when another experiment has the name and `force` is false;
    ///   with `force` the older experiment of that name is replaced.
    @discardableResult
    public func save(name: ExperimentName?, baseline: String, workspace: String, force: Bool) throws -> ExperimentRef {
        let existing = try list()
        let taken = Set(existing.map(\.name))
        let chosen = name ?? ExperimentName.generate(isTaken: taken.contains)
        let replaced = existing.filter { $0.name == chosen.rawValue }
        if !replaced.isEmpty && !force {
            throw ExperimentError("experiment '\(chosen)' already exists",
                                  hint: "pick another name with -n NAME, or replace it with -f")
        }
        let tree = try repository.writeTree(ofWorkTree: workspace)
        let commit = try repository.createCommit(tree: tree, parents: [baseline], message: "mlx exp: \(chosen)")
        let refName = ExperimentRef.refName(name: chosen.rawValue, baseline: baseline)
        try repository.setReference(refName, to: commit, force: force)
        for old in replaced where old.refName != refName {
            try repository.deleteReference(old.refName)
        }
        let summary = try repository.commitSummary(commit)
        return ExperimentRef(name: chosen.rawValue, baseline: baseline, commit: commit, created: summary.time)
    }

    /// Deletes the experiment's ref; its objects stay until `git gc` drops them.
    public func remove(_ experiment: ExperimentRef) throws {
        try repository.deleteReference(experiment.refName)
    }
}
