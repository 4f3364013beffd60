/// `mlx gc`: deletes cached (and with `cloud`, remote) objects that no pointer and no `mlx.lock`
/// in a scope names (stage outputs count whether or not git carries them).
///
/// Safety comes first: the scope must be explicit; every pointer in it must be readable and
/// every directory's manifest known (from the cache, or fetched from the remote with `cloud`),
/// otherwise gc refuses instead of guessing which files are still used. Manifests are deleted
/// before files (the reverse of how they were created), so a crash never leaves a manifest
/// whose files are gone.
public struct GCOperation {
    /// What would be deleted, manifests first.
    public struct Plan: Sendable {
        /// Objects the scope names, kept.
        public var kept: Int = 0
        public var local: [(oid: ObjectID, size: Int64)] = []
        public var remote: [(oid: ObjectID, size: Int64)] = []

        public var localBytes: Int64 { local.reduce(0) { $0 + $1.size } }
        public var remoteBytes: Int64 { remote.reduce(0) { $0 + $1.size } }
        public var isEmpty: Bool { local.isEmpty && remote.isEmpty }
    }

    public struct Report: Sendable {
        public var deletedLocally = 0
        public var deletedOnRemote = 0
        public var bytesLocally: Int64 = 0
        public var bytesOnRemote: Int64 = 0
        public var errors: [any Error] = []
    }

    let workspace: Workspace
    let collector: ObjectCollector
    /// The other projects that use the same cache (`gc -p`), whose scopes are kept too.
    let otherProjects: [ObjectCollector]
    let remote: (any Remote)?
    let queue: TransferQueue?

    /// `remote` and `queue` are needed for `cloud`; `otherProjects` are the workspaces (and
    /// their version control) of every other project that uses this cache.
    public init(workspace: Workspace, sourceControl: (any SourceControl)?, otherProjects: [(Workspace, (any SourceControl)?)] = [],
                remote: (any Remote)? = nil, queue: TransferQueue? = nil) {
        self.workspace = workspace
        self.collector = ObjectCollector(workspace: workspace, sourceControl: sourceControl)
        self.otherProjects = otherProjects.map { ObjectCollector(workspace: $0.0, sourceControl: $0.1) }
        self.remote = remote
        self.queue = queue
    }

    /// Works out what gc would delete; changes nothing (except that, with `cloud`, manifests the
    /// cache lacks are fetched into it, so their files can be kept).
    public func plan(scope: RevisionScope, cloud: Bool) throws -> Plan {
        guard !scope.isEmpty else {
            throw TrackingError(path: workspace.project.root, message: "gc needs a scope: what to keep",
                                hint: "pass --workspace, --all-branches, --all-tags, --all-commits or --rev REV")
        }
        var keep = try kept(by: collector, scope: scope, cloud: cloud, naming: "")
        for other in otherProjects {
            keep.formUnion(try kept(by: other, scope: scope, cloud: cloud, naming: "project \(other.workspace.project.root): "))
        }
        var plan = Plan()
        plan.kept = keep.count
        let store = workspace.store
        for oid in try store.enumerate() where !keep.contains(oid) {
            plan.local.append((oid, (try? FileStat(path: store.path(for: oid)).size) ?? 0))
        }
        if cloud {
            guard let remote, let queue else {
                throw TrackingError(path: workspace.project.root, message: "gc --cloud needs a remote", hint: "add one with 'mlx remote add -d NAME URL'")
            }
            for (oid, size) in try RemoteInventory.list(remote, queue: queue) where !keep.contains(oid) {
                plan.remote.append((oid, size))
            }
        }
        let order: ((oid: ObjectID, size: Int64), (oid: ObjectID, size: Int64)) -> Bool = { lhs, rhs in
            lhs.oid.isDirectory != rhs.oid.isDirectory ? lhs.oid.isDirectory : lhs.oid < rhs.oid
        }
        plan.local.sort(by: order)
        plan.remote.sort(by: order)
        return plan
    }

    /// The objects `collector`'s project uses in `scope`; `naming` prefixes refusals with
    /// the project when it is another one.
    private func kept(by collector: ObjectCollector, scope: RevisionScope, cloud: Bool, naming: String) throws -> Set<ObjectID> {
        let (outputs, errors) = try collector.outputs(targets: [], scope: scope)
        if let first = errors.first {
            throw GCRefusal(reason: "\(naming)cannot read every pointer file in the scope (\(first)), so it cannot tell what is still used",
                            hint: "fix or remove that pointer file, then run gc again")
        }
        if cloud, let remote, let queue {
            let missing = Dictionary(outputs.compactMap { output -> (ObjectID, ObjectCollector.Output)? in
                guard let oid = output.tracked.output.objectID, oid.isDirectory, !workspace.store.contains(oid) else { return nil }
                return (oid, output)
            }, uniquingKeysWith: { first, _ in first })
            if !missing.isEmpty {
                let fetch = FetchOperation(workspace: workspace, remote: remote, queue: queue, sourceControl: nil)
                _ = fetch.fetchManifests(missing.map { TransferItem(oid: $0.key, size: 0, path: $0.value.label) })
            }
        }
        let objects = collector.objects(of: outputs, manifest: collector.cachedManifest)
        // A directory git carries (`cache: false`) whose manifest is not here has nothing in
        // the cache to protect but that manifest, which `objects.all` does not hold: keep it.
        var keep = objects.all
        for (output, _) in objects.unexpanded where output.carriedByGit {
            if let oid = output.tracked.output.objectID { keep.insert(oid) }
        }
        if let (output, error) = objects.unexpanded.first(where: { !$0.output.carriedByGit }) {
            throw GCRefusal(reason: "\(naming)cannot tell which files \(output.label) uses: \(error)",
                            hint: cloud ? "push it from a machine that has it, or drop that revision from the scope"
                                        : "run 'mlx fetch' with the same scope first, or use --cloud to read manifests from the remote")
        }
        return keep
    }

    /// Deletes the stale temporaries that interrupted pushes left on the remote (a folder
    /// remote); returns their keys.
    public func sweepRemoteTemporaries() -> [String] {
        (remote as? any TemporarySweepingRemote)?.sweepStaleTemporaries() ?? []
    }

    /// Deletes what `plan` lists: manifests, then files; locally, then on the remote.
    public func execute(_ plan: Plan) -> Report {
        var report = Report()
        let store = workspace.store
        for (oid, size) in plan.local {
            do {
                if try store.remove(oid) {
                    report.deletedLocally += 1
                    report.bytesLocally += size
                }
            } catch {
                report.errors.append(error)
            }
        }
        guard let remote, let queue, !plan.remote.isEmpty else { return report }
        let manifests = plan.remote.filter { $0.oid.isDirectory }
        let files = plan.remote.filter { !$0.oid.isDirectory }
        for group in [manifests, files] where !group.isEmpty {
            let items = group.map { TransferItem(oid: $0.oid, size: $0.size, path: $0.oid.string) }
            let deleted = queue.run(items, progress: nil) { item in try remote.delete(item.key) }
            report.deletedOnRemote += deleted.done.count
            report.bytesOnRemote += deleted.bytes
            report.errors += deleted.failures.map(\.error)
            if let stop = deleted.stopError(verb: "deleted") { report.errors.append(stop) }
            if !deleted.failures.isEmpty || deleted.stopped != nil { break }
        }
        return report
    }
}

/// Why gc would not run: it cannot be sure what is still used.
public struct GCRefusal: ReportableError {
    public let reason: String
    public let hint: String?

    public init(reason: String, hint: String? = nil) {
        self.reason = reason
        self.hint = hint
    }

    public var message: String { "gc refused: \(reason)" }
}
