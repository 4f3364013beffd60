/// Finds the objects a scope names: the tracked outputs of the pointer files and the stage
/// outputs `mlx.lock` records, in the workspace and/or in git revisions (read from git objects
/// through `SourceControl`, nothing checked out), then the files that directory manifests list.
///
/// Stage outputs that git carries (`cache: false`) are returned marked `carriedByGit`: gc keeps
/// them, transfers skip them. In the workspace `mlx.yaml` says which they are; in a revision,
/// those git holds at that revision are.
///
/// Scopes follow DVC: the workspace is its own scope (`RevisionScope.workspace`), and the git
/// scopes add the pointer files of each revision they name. Commands turn the workspace on
/// together with any git scope, as DVC's `--all-branches` and friends keep the workspace too.
public struct ObjectCollector {
    /// One tracked output, as a pointer in the workspace or in a revision records it.
    public struct Output: Sendable {
        public let tracked: TrackedOutput
        /// The commit it was read from, or nil for the workspace.
        public let revision: String?
        /// An output of `mlx.lock` that git carries (`cache: false`): gc keeps its objects,
        /// but push, fetch and pull leave it alone.
        public var carriedByGit = false

        public init(tracked: TrackedOutput, revision: String?, carriedByGit: Bool = false) {
            self.tracked = tracked
            self.revision = revision
            self.carriedByGit = carriedByGit
        }

        /// Whether it is an output of a pipeline stage (recorded in `mlx.lock`).
        public var isStageOutput: Bool { tracked.pointerPath == Pipeline.lockFileName }

        /// `data/x`, or `data/x (at 1a2b3c4)` for a revision, for messages.
        public var label: String {
            revision.map { "\(tracked.dataPath) (at \($0.prefix(7)))" } ?? tracked.dataPath
        }
    }

    /// The objects the outputs need, directories expanded.
    public struct Objects: Sendable {
        /// File objects, each once, with the first place it is used.
        public var files: [ObjectID: TransferItem] = [:]
        /// Manifests, each with the file objects it lists (an object listed twice appears twice:
        /// a set of them took ~125 bytes a file).
        public var manifests: [ObjectID: (item: TransferItem, files: [ObjectID])] = [:]
        /// Manifests that could not be read (not available, or malformed), so their files are unknown.
        public var unexpanded: [(output: Output, error: any Error)] = []

        /// Every object id, files and manifests.
        public var all: Set<ObjectID> { Set(files.keys).union(manifests.keys) }
    }

    let workspace: Workspace
    let sourceControl: (any SourceControl)?

    public init(workspace: Workspace, sourceControl: (any SourceControl)?) {
        self.workspace = workspace
        self.sourceControl = sourceControl
    }

    /// The outputs `scope` names, limited to `targets` (absolute paths; none: everything).
    ///
    /// In the workspace targets are resolved strictly (an untracked target is an error). In a
    /// revision a target selects the outputs at, under or above it. Pointers that cannot be
    /// read are returned as errors next to the outputs that could.
    public func outputs(targets: [String], scope: RevisionScope) throws -> (outputs: [Output], errors: [any Error]) {
        var outputs: [Output] = []
        var errors: [any Error] = []
        if scope.workspace {
            var stageOutputs: [Output] = []
            do {
                stageOutputs = try workspaceStageOutputs()
            } catch {
                errors.append(error)
            }
            if targets.isEmpty {
                for pointerPath in try workspace.allPointerPaths() {
                    do {
                        outputs += TrackedOutput.outputs(of: try workspace.readPointer(pointerPath), at: pointerPath)
                            .map { Output(tracked: $0, revision: nil) }
                    } catch {
                        errors.append(error)
                    }
                }
                outputs += stageOutputs
            } else {
                // A target naming stage outputs (one, a path inside one, or a folder holding
                // some) selects them; pointer targets resolve as everywhere else, strictly.
                var pointerTargets: [String] = []
                var selectedStageOutputs = Set<String>()
                for target in targets {
                    let relative = try workspace.project.relativePath(of: target)
                    let named = stageOutputs.filter { ObjectCollector.matches($0.tracked.dataPath, [relative]) }
                    for output in named where selectedStageOutputs.insert(output.tracked.dataPath).inserted {
                        outputs.append(output)
                    }
                    let insideOne = named.contains { relative == $0.tracked.dataPath || relative.hasPrefix($0.tracked.dataPath + "/") }
                    if named.isEmpty || (!insideOne && Syscall.isDirectory(target)) { pointerTargets.append(target) }
                }
                if !pointerTargets.isEmpty {
                    outputs += try workspace.trackedOutputs(for: pointerTargets).map { Output(tracked: $0, revision: nil) }
                }
            }
        }
        let gitScope = RevisionScope(allBranches: scope.allBranches, allTags: scope.allTags,
                                     allCommits: scope.allCommits, revisions: scope.revisions)
        guard !gitScope.isEmpty else { return (outputs, errors) }
        guard let sourceControl else {
            throw TrackingError(path: workspace.project.root, message: "revision scopes need a git repository",
                                hint: "drop --all-branches/--all-tags/--all-commits/--rev, or run mlx inside a git work tree")
        }
        let selected = try targets.map { target -> String in
            let relative = try workspace.project.relativePath(of: target)
            return relative.hasSuffix(PointerScanner.suffix) ? String(relative.dropLast(PointerScanner.suffix.count)) : relative
        }
        let prefix = try projectPrefix(in: sourceControl)
        for revision in try sourceControl.revisions(in: gitScope) {
            var locked: [LockedArtifact] = []
            do {
                locked = try lockedOutputs(at: revision, prefix: prefix, in: sourceControl)
                    .filter { ObjectCollector.matches($0.path, selected) }
            } catch {
                errors.append(error)
            }
            // One walk of the tree: the pointer files, and which stage outputs git holds.
            func isPointer(_ path: String) -> Bool {
                path.hasPrefix(prefix) && path.hasSuffix(PointerScanner.suffix) && path.count > prefix.count + PointerScanner.suffix.count
                    && !path.dropFirst(prefix.count).hasPrefix(".mlx/")
            }
            let files = try sourceControl.listFiles(at: revision) { path in
                guard path.hasPrefix(prefix) else { return false }
                let relative = path.dropFirst(prefix.count)
                return isPointer(path) || locked.contains { relative == $0.path || relative.hasPrefix($0.path + "/") }
            }
            let inGit = Set(files.map { String($0.dropFirst(prefix.count)) })
            for artifact in locked {
                let carried = inGit.contains(artifact.path) || inGit.contains { $0.hasPrefix(artifact.path + "/") }
                outputs.append(Output(tracked: ObjectCollector.tracked(artifact), revision: revision, carriedByGit: carried))
            }
            for gitPath in files where isPointer(gitPath) {
                let pointerPath = String(gitPath.dropFirst(prefix.count))
                do {
                    guard let bytes = try sourceControl.readFile(gitPath, at: revision) else { continue }
                    guard bytes.count <= PointerCodec.maximumSize else { throw PointerCodec.tooLarge("\(revision.prefix(7)):\(gitPath)") }
                    let pointer = try PointerCodec.decode(String(decoding: bytes, as: UTF8.self), file: "\(revision.prefix(7)):\(gitPath)")
                    for tracked in TrackedOutput.outputs(of: pointer, at: pointerPath) where ObjectCollector.matches(tracked.dataPath, selected) {
                        outputs.append(Output(tracked: tracked, revision: revision))
                    }
                } catch {
                    errors.append(error)
                }
            }
        }
        return (outputs, errors)
    }

    /// The outputs `mlx.lock` in the workspace records, as tracked outputs of `mlx.lock`.
    /// Those `mlx.yaml` declares `cache: false` are carried by git. When `mlx.yaml` cannot be
    /// read, every output counts as cached (what is in the cache is then pushed; gc keeps all).
    func workspaceStageOutputs() throws -> [Output] {
        let root = workspace.project.root
        guard Syscall.exists(root + "/" + Pipeline.lockFileName) else { return [] }
        let lock = try PipelineLock.read(projectRoot: root)
        var uncached = Set<String>()
        if let pipeline = try? Pipeline.load(projectRoot: root) {
            for stage in pipeline.stages {
                for output in stage.outputs where !output.cache { uncached.insert(output.path) }
            }
        }
        return ObjectCollector.uniqueOutputs(of: lock).map {
            Output(tracked: ObjectCollector.tracked($0), revision: nil, carriedByGit: uncached.contains($0.path))
        }
    }

    /// The outputs of `mlx.lock` at `revision`, read from git objects (none without a lock).
    func lockedOutputs(at revision: String, prefix: String, in sourceControl: any SourceControl) throws -> [LockedArtifact] {
        guard let bytes = try sourceControl.readFile(prefix + Pipeline.lockFileName, at: revision) else { return [] }
        let name = "\(revision.prefix(7)):\(prefix)\(Pipeline.lockFileName)"
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineError(file: name, message: "is not UTF-8 text")
        }
        return ObjectCollector.uniqueOutputs(of: try PipelineLockCodec.decode(text, file: name))
    }

    /// Every stage's outputs, each path once, in path order.
    static func uniqueOutputs(of lock: PipelineLock) -> [LockedArtifact] {
        var seen = Set<String>()
        var result: [LockedArtifact] = []
        for name in lock.stages.keys.sorted() {
            for output in lock.stages[name]!.outs where seen.insert(output.path).inserted { result.append(output) }
        }
        return result
    }

    /// A recorded stage output as a tracked output of `mlx.lock`, so checkout can restore it.
    static func tracked(_ artifact: LockedArtifact) -> TrackedOutput {
        let output = PointerOutput(path: Syscall.baseName(of: artifact.path), oid: artifact.oid.string, size: artifact.size,
                                   nfiles: artifact.nfiles, isexec: artifact.isexec)
        return TrackedOutput(pointerPath: Pipeline.lockFileName, outputIndex: 0, dataPath: artifact.path, output: output)
    }

    /// Expands `outputs` into objects; `manifest` returns a directory's manifest, or throws why
    /// it cannot (each command decides where manifests come from).
    public func objects(of outputs: [Output], manifest: (ObjectID, Output) throws -> (Manifest, size: Int64)) -> Objects {
        var objects = Objects()
        for output in outputs {
            guard let oid = output.tracked.output.objectID else {
                objects.unexpanded.append((output, TrackingError(path: output.tracked.pointerPath, message: "has no valid oid")))
                continue
            }
            guard oid.isDirectory else {
                if objects.files[oid] == nil {
                    var item = TransferItem(oid: oid, size: output.tracked.output.size, path: output.label)
                    item.sizeSource = output.revision.map { "\(output.tracked.pointerPath) (at \($0.prefix(7)))" } ?? output.tracked.pointerPath
                    objects.files[oid] = item
                }
                continue
            }
            if objects.manifests[oid] != nil { continue }
            do {
                let (listing, size) = try manifest(oid, output)
                var children: [ObjectID] = []
                children.reserveCapacity(listing.entries.count)
                for entry in listing.entries {
                    let child = ObjectID(entry.oid)
                    children.append(child)
                    if objects.files[child] == nil {
                        let base = output.tracked.dataPath + "/" + entry.relpath
                        objects.files[child] = TransferItem(oid: child, size: entry.size,
                                                            path: output.revision.map { "\(base) (at \($0.prefix(7)))" } ?? base)
                    }
                }
                objects.manifests[oid] = (TransferItem(oid: oid, size: size, path: output.label), children)
            } catch {
                objects.unexpanded.append((output, error))
            }
        }
        return objects
    }

    /// Reads a manifest from the local cache, or explains that it is missing.
    public func cachedManifest(_ oid: ObjectID, for output: Output) throws -> (Manifest, size: Int64) {
        guard workspace.store.contains(oid) else {
            throw CacheError(subject: output.label, oid: oid,
                             message: "the manifest of this directory (\(oid.string)) is not in the cache, so its files are unknown",
                             hint: "run 'mlx fetch' to download it, or 'mlx add \(output.tracked.dataPath)' to record the directory again")
        }
        let bytes = try workspace.store.read(oid)
        return (try Manifest.decode(bytes, oid: oid), Int64(bytes.count))
    }

    /// Whether `dataPath` is one of the selected targets, inside one, or holds one.
    static func matches(_ dataPath: String, _ selected: [String]) -> Bool {
        if selected.isEmpty { return true }
        return selected.contains { target in
            target.isEmpty || dataPath == target || dataPath.hasPrefix(target + "/") || target.hasPrefix(dataPath + "/")
        }
    }

    /// The project's folder inside the work tree, as a git path prefix (`""` or `sub/dir/`).
    private func projectPrefix(in sourceControl: any SourceControl) throws -> String {
        let root = ProjectPath.realPath(workspace.project.root) ?? workspace.project.root
        let top = ProjectPath.realPath(sourceControl.workTreeRoot) ?? sourceControl.workTreeRoot
        if root == top { return "" }
        guard root.hasPrefix(top + "/") else {
            throw TrackingError(path: workspace.project.root, message: "is not inside the git work tree at \(sourceControl.workTreeRoot)")
        }
        return String(root.dropFirst(top.count + 1)) + "/"
    }
}
