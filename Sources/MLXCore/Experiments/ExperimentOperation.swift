/// The workspace side of experiments: the baseline, param overrides, saving the workspace and
/// applying a saved experiment back to it.
public struct ExperimentOperation: Sendable {
    /// The repository's experiments.
    public let store: ExperimentStore
    /// The mlx project (a folder of the git work tree, or its top).
    public let projectRoot: String

    /// What ``apply(_:force:)`` did.
    public struct ApplyReport: Sendable, Equatable {
        /// The experiment applied.
        public let experiment: ExperimentRef
        /// Files written from the experiment, relative to the work tree, path-sorted.
        public let written: [String]
    }

    /// An operation on the experiments of `store` for the project at `projectRoot`.
    public init(store: ExperimentStore, projectRoot: String) {
        self.store = store
        self.projectRoot = projectRoot
    }

    private var repository: any ExperimentRepository { store.repository }

    /// `HEAD`, which an experiment is based on.
    ///
    /// - Throws: ``ExperimentError`` on a branch without commits.
    public func baseline() throws -> String {
        guard let head = try repository.headCommit() else {
            throw ExperimentError("the repository has no commit yet, and an experiment is based on one",
                                  hint: "commit the project first: git add -A && git commit -m 'start'")
        }
        return head
    }

    /// Refuses a name another experiment has, unless `force`: checked before anything runs, so a
    /// taken name costs no run.
    public func checkNameIsFree(_ name: ExperimentName?, force: Bool) throws {
        guard let name, !force else { return }
        if try store.list().contains(where: { $0.name == name.rawValue }) {
            throw ExperimentError("experiment '\(name)' already exists", hint: "pick another name with -n NAME, or replace it with -f")
        }
    }

    /// Writes `overrides` into the project's params files (see ``ParamsFileEditor``), looking
    /// keys up in `params.yaml` and then in the other params files mlx.yaml names.
    @discardableResult
    public func setParams(_ overrides: [ParamOverride]) throws -> [String] {
        guard !overrides.isEmpty else { return [] }
        let candidates = Pipeline.exists(in: projectRoot) ? try Pipeline.load(projectRoot: projectRoot).paramsFiles(projectRoot: projectRoot) : []
        return try ParamsFileEditor.apply(overrides, projectRoot: projectRoot, candidates: candidates)
    }

    /// Saves the workspace as experiment `name` (generated when nil) based on `HEAD`.
    @discardableResult
    public func save(name: ExperimentName?, force: Bool) throws -> ExperimentRef {
        try store.save(name: name, baseline: try baseline(), workspace: repository.workTreeRoot, force: force)
    }

    /// Makes the git-tracked files of the workspace those of experiment `name`: files the
    /// experiment holds are written, other files are left as they are (as DVC does). `HEAD`,
    /// the branch and the index do not move. The data the written pointer files and mlx.lock
    /// record is then the caller's to check out.
    ///
    /// - Throws: ``ExperimentError`` for an unknown name, and, without `force`, when a file it
    ///   would overwrite has changes that neither `HEAD` nor any experiment holds (work that
    ///   would be lost); nothing is written then.
    public func apply(_ name: String, force: Bool) throws -> ApplyReport {
        let experiment = try store.resolve(name: name)
        let head = try baseline()
        let root = repository.workTreeRoot
        let current = try repository.createCommit(tree: try repository.writeTree(ofWorkTree: root), parents: [head],
                                                  message: "mlx exp apply: workspace before applying \(name)")
        let writes = try repository.changedFiles(from: current, to: experiment.commit).filter { !$0.isDeleted }
        if !force {
            let edited = Set(try repository.changedFiles(from: head, to: current).map(\.path))
            let lost = writes.map(\.path).filter(edited.contains)
            if !lost.isEmpty, try !isSaved(current) {
                let shown = lost.prefix(5).joined(separator: ", ") + (lost.count > 5 ? " and \(lost.count - 5) more" : "")
                throw ExperimentError("the workspace has changes that applying '\(name)' would overwrite: \(shown)",
                                      hint: "keep them with `mlx exp save` or a git commit first, or discard them with --force")
            }
        }
        // Every path is checked before the first is written: an experiment pulled from someone
        // else's git remote may name `.git/hooks/…` or a path behind a symlink out of the
        // project, and refusing it halfway would leave the workspace half applied.
        let targets = try writes.map { change in
            try ProjectPath(validating: change.path).resolved(under: root, followingFinalLink: false)
        }
        let contents = try repository.readFiles(writes.map(\.path), at: experiment.commit)
        for ((change, bytes), path) in zip(zip(writes, contents), targets) {
            guard let bytes else { continue }
            try Syscall.makeDirectories(Syscall.directoryName(of: path))
            if change.isSymbolicLink {
                // As git checks a link out: the blob is the target, written as a link.
                try AtomicFile.writeSymbolicLink(to: String(decoding: bytes, as: UTF8.self), at: path)
            } else {
                try AtomicFile.write(bytes, to: path, permissions: change.isExecutable ? 0o755 : 0o644)
            }
        }
        return ApplyReport(experiment: experiment, written: writes.map(\.path))
    }

    /// Whether the tree of commit `oid` is that of a saved experiment: the workspace's changes
    /// are kept there, so overwriting them loses nothing.
    private func isSaved(_ oid: String) throws -> Bool {
        let tree = try repository.commitSummary(oid).tree
        return try store.list().contains { try repository.commitSummary($0.commit).tree == tree }
    }
}
