import Foundation

/// Reads what `exp show` prints: the metrics, params and dependency hashes of the workspace, of
/// baseline commits and of the experiments based on them. Commits are read from git trees with
/// one batched read each (the cache supplies metrics files that are cached outputs); nothing
/// is checked out.
public struct ExperimentShowOperation {
    /// A commit to show as a baseline, under the name the table gives it.
    public struct Baseline: Sendable, Equatable {
        /// The commit oid.
        public let commit: String
        /// Its branch names joined by `,`, or its short oid.
        public let name: String

        /// A baseline row for `commit`.
        public init(commit: String, name: String) {
            self.commit = commit
            self.name = name
        }
    }

    /// An experiment of the queue: its commit (the baseline with the overrides applied) and state.
    public struct QueuedExperiment: Sendable, Equatable {
        /// The experiment's name.
        public let name: String
        /// The queued commit.
        public let commit: String
        /// The commit it is based on.
        public let baseline: String
        /// When it was queued (its commit time).
        public let created: Date
        /// `queued`, `running` or `failed`.
        public let state: String

        /// A queue entry as `exp show` lists it.
        public init(name: String, commit: String, baseline: String, created: Date, state: String) {
            self.name = name
            self.commit = commit
            self.baseline = baseline
            self.created = created
            self.state = state
        }
    }

    /// Absolute path of the project (it may be a folder inside the git work tree).
    public let projectRoot: String
    /// The repository the experiments and baselines are read from.
    public let repository: any ExperimentRepository
    /// Where metrics files that are cached stage outputs are read from.
    public let store: ObjectStore?

    /// An operation over the project at `projectRoot`.
    public init(projectRoot: String, repository: any ExperimentRepository, store: ObjectStore?) {
        self.projectRoot = projectRoot
        self.repository = repository
        self.store = store
    }

    /// The table of the workspace (when `workspace`), then each of `baselines` with those of
    /// `experiments` and `queued` based on it, newest first. A file that cannot be read or
    /// parsed goes to `warning` with the row's name, and the row still shows the rest.
    public func run(workspace: Bool, baselines: [Baseline], experiments: [ExperimentRef], queued: [QueuedExperiment],
                    warning: (_ row: String, _ error: any Error) -> Void) throws -> ExperimentTable {
        let candidates = try candidateFiles()
        var parsed = ParsedFiles()
        var workspaceRow: ExperimentRow?
        if workspace {
            var row = ExperimentRow(kind: .workspace, name: "workspace", commit: nil, created: nil)
            readWorkspace(into: &row) { warning("workspace", $0) }
            workspaceRow = row
        }
        let groups = try baselines.map { baseline -> ExperimentTable.Group in
            var row = ExperimentRow(kind: .baseline, name: baseline.name, commit: baseline.commit,
                                    created: try repository.commitSummary(baseline.commit).time)
            try read(baseline.commit, candidates: candidates, parsed: &parsed, into: &row) { warning("revision '\(baseline.name)'", $0) }
            var members = experiments.filter { $0.baseline == baseline.commit }.map {
                ExperimentRow(kind: .experiment, name: $0.name, commit: $0.commit, created: $0.created)
            }
            members += queued.filter { $0.baseline == baseline.commit }.map {
                ExperimentRow(kind: .experiment, name: $0.name, commit: $0.commit, created: $0.created, state: $0.state)
            }
            members = ExperimentTable.stableSort(members) { ($0.created ?? .distantPast) > ($1.created ?? .distantPast) }
            for index in members.indices {
                let name = members[index].name
                try read(members[index].commit ?? baseline.commit, candidates: candidates, parsed: &parsed, into: &members[index]) {
                    warning("experiment '\(name)'", $0)
                }
            }
            return ExperimentTable.Group(baseline: row, experiments: members)
        }
        return ExperimentTable(workspace: workspaceRow, groups: groups)
    }

    /// The params and metrics files the workspace's pipeline names (and `params.yaml`): read
    /// in the same batch as `mlx.yaml` and `mlx.lock`, they cover every commit whose pipeline
    /// names no other file, so most commits take one tree walk.
    private func candidateFiles() throws -> [String] {
        guard Pipeline.exists(in: projectRoot), let pipeline = try? Pipeline.load(projectRoot: projectRoot) else {
            return [ParamsFile.defaultName]
        }
        return Array(Set(pipeline.paramsFiles(projectRoot: projectRoot) + pipeline.metricsFiles + [ParamsFile.defaultName]))
    }

    private func readWorkspace(into row: inout ExperimentRow, failure: (any Error) -> Void) {
        let reader = ProjectFileReader(projectRoot: projectRoot, source: repository, store: store)
        var files = (params: [ParamsFile.defaultName], metrics: [String]())
        var lock = PipelineLock()
        if Pipeline.exists(in: projectRoot) {
            do {
                let pipeline = try Pipeline.load(projectRoot: projectRoot)
                files = (pipeline.paramsFiles(projectRoot: projectRoot), pipeline.metricsFiles)
                lock = try PipelineLock.read(projectRoot: projectRoot)
            } catch {
                failure(error)
            }
        }
        for (kind, paths) in [(ExperimentColumn.Kind.param, files.params), (.metric, files.metrics)] {
            for path in paths {
                do {
                    if let value = try reader.value(path, at: nil, scalarAllowed: kind == .metric) {
                        Self.add(value, kind: kind, file: path, to: &row)
                    }
                } catch {
                    failure(error)
                }
            }
        }
        Self.addDependencies(of: lock, to: &row)
    }

    /// Pipelines and locks already parsed, by text: experiments of one baseline mostly share
    /// their `mlx.yaml` (and often their `mlx.lock`), and YAML parsing is most of the work.
    private struct ParsedFiles {
        var pipelines: [String: (params: [String], metrics: [String])] = [:]
        var locks: [String: PipelineLock] = [:]
    }

    /// The values of `commit`: its own `mlx.yaml` says which params and metrics files count.
    private func read(_ commit: String, candidates: [String], parsed: inout ParsedFiles, into row: inout ExperimentRow,
                      failure: (any Error) -> Void) throws {
        var files = try read([Pipeline.fileName, Pipeline.lockFileName] + candidates, at: commit)
        var paramsFiles = [ParamsFile.defaultName], metricsFiles: [String] = []
        var lock = PipelineLock()
        if let pipelineText = try text(files, Pipeline.fileName) {
            if let known = parsed.pipelines[pipelineText] {
                (paramsFiles, metricsFiles) = known
            } else {
                do {
                    let pipeline = try Pipeline.decode(pipelineText, projectRoot: projectRoot)
                    paramsFiles = Array(Set(pipeline.paramsFiles(projectRoot: projectRoot) + [ParamsFile.defaultName])).sorted(by: ByteOrder.precedes)
                    metricsFiles = pipeline.metricsFiles
                    parsed.pipelines[pipelineText] = (paramsFiles, metricsFiles)
                } catch {
                    failure(error)
                }
            }
        }
        if let lockText = try text(files, Pipeline.lockFileName) {
            do {
                lock = try parsed.locks[lockText] ?? PipelineLockCodec.decode(lockText, file: Pipeline.lockFileName)
                parsed.locks[lockText] = lock
            } catch {
                failure(error)
            }
        }
        let unread = (paramsFiles + metricsFiles).filter { files.index(forKey: $0) == nil }
        if !unread.isEmpty { files.merge(try read(unread, at: commit)) { first, _ in first } }
        let reader = ProjectFileReader(projectRoot: projectRoot, source: repository, store: store)
        for (kind, paths) in [(ExperimentColumn.Kind.param, paramsFiles), (.metric, metricsFiles)] {
            for path in paths {
                do {
                    var fileText = try text(files, path)
                    if fileText == nil, kind == .metric, let bytes = try reader.cachedOutput(path, lock: lock, revision: commit) {
                        fileText = try Self.utf8(bytes, path: path)
                    }
                    guard let fileText else { continue }
                    Self.add(try ParamsFile.parse(fileText, file: path, scalarAllowed: kind == .metric), kind: kind, file: path, to: &row)
                } catch {
                    failure(error)
                }
            }
        }
        Self.addDependencies(of: lock, to: &row)
    }

    /// The project files `paths` at `commit`, absent ones as nil, in one walk of its tree.
    private func read(_ paths: [String], at commit: String) throws -> [String: [UInt8]?] {
        let root = repository.workTreeRoot
        let prefix = projectRoot == root ? "" : String(projectRoot.dropFirst(root.count + 1)) + "/"
        let contents = try repository.readFiles(paths.map { prefix + $0 }, at: commit)
        return Dictionary(zip(paths, contents), uniquingKeysWith: { first, _ in first })
    }

    private func text(_ files: [String: [UInt8]?], _ path: String) throws -> String? {
        guard let entry = files[path], let bytes = entry else { return nil }
        return try Self.utf8(bytes, path: path)
    }

    private static func utf8(_ bytes: [UInt8], path: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineError(file: path, message: "file is not valid UTF-8")
        }
        return text
    }

    private static func add(_ value: ParamValue, kind: ExperimentColumn.Kind, file: String, to row: inout ExperimentRow) {
        if kind == .metric { row.metrics[file] = value } else { row.params[file] = value }
        // A metrics file holding one number has no key of its own: its column is the file.
        for leaf in value.flattened() {
            row.values[ExperimentColumn(kind: kind, file: file, key: leaf.key.isEmpty ? file : leaf.key)] = leaf.value
        }
    }

    private static func addDependencies(of lock: PipelineLock, to row: inout ExperimentRow) {
        for stage in lock.stages.values {
            for dependency in stage.deps {
                row.values[ExperimentColumn(kind: .dependency, file: dependency.path)] = .string(dependency.oid.string)
            }
        }
    }
}
