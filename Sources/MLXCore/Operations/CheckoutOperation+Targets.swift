import MLXHash

/// What `mlx checkout` restores for its targets, as `dvc checkout` takes them: stages
/// (`train`, `mlx.yaml:train`, `mlx.yaml` for all) restore the outputs `mlx.lock` records for
/// them, `withDeps` adds those of every stage upstream and the pointer-tracked data they read,
/// and a path inside a tracked directory restores only the files recorded at or below it.
extension CheckoutOperation {
    /// One output to check out: whole, or only the part at `within` (relative to it).
    struct Selection {
        let tracked: TrackedOutput
        let within: String?
    }

    /// Checks out what `paths` (absolute) and `stages` name; with neither, every pointer
    /// file's output and every stage output. Outputs git carries (`cache: false`) are left to
    /// git. Targets are resolved, and every path inside a tracked directory checked against
    /// its manifest, before anything changes; a pointer file that cannot be read is reported
    /// with the rest, and the others are still restored.
    public func checkoutProject(paths: [String], stages: StageTargets, withDeps: Bool, force: Bool, relink: Bool) throws -> Report {
        let (selections, errors) = try select(paths: paths, stages: stages, withDeps: withDeps)
        var report = Report()
        report.errors = errors
        for selection in selections {
            do {
                report.results.append(try checkout(selection.tracked, force: force, relink: relink, within: selection.within))
            } catch {
                report.errors.append(error)
            }
        }
        try workspace.saveIndex()
        return report
    }

    func select(paths: [String], stages: StageTargets, withDeps: Bool) throws -> (selections: [Selection], errors: [any Error]) {
        let collector = ObjectCollector(workspace: workspace, sourceControl: nil)
        let scope = RevisionScope(workspace: true)
        var whole: [ObjectCollector.Output] = []
        var errors: [any Error] = []
        if paths.isEmpty && !stages.namesStages {
            (whole, errors) = try collector.outputs(targets: [], scope: scope)
            return (whole.filter { !$0.carriedByGit }.map { Selection(tracked: $0.tracked, within: nil) }, errors)
        }
        var stageOutputs: [ObjectCollector.Output] = []
        var lockError: (any Error)?
        do {
            stageOutputs = try collector.workspaceStageOutputs()
        } catch {
            // Only fatal when stages are what the user named; else reported with the rest.
            if stages.namesStages { throw error }
            lockError = error
        }
        var parts: [Selection] = []
        var wholeTargets: [String] = []
        for path in paths {
            if let part = try partInsideTrackedDirectory(path, stageOutputs: stageOutputs) {
                parts.append(part)
            } else {
                wholeTargets.append(path)
            }
        }
        if wholeTargets.isEmpty {
            errors += lockError.map { [$0] } ?? []
        } else {
            // The collector reads mlx.lock again, and reports it if it is broken.
            (whole, errors) = try collector.outputs(targets: wholeTargets, scope: scope)
        }
        if stages.namesStages || withDeps {
            whole += try outputsOfStages(stages, selectedOutputs: whole + parts.map { ObjectCollector.Output(tracked: $0.tracked, revision: nil) },
                                         stageOutputs: stageOutputs, withDeps: withDeps)
        }
        var seen = Set<String>()
        var selections: [Selection] = []
        for output in whole where !output.carriedByGit && seen.insert(output.tracked.dataPath).inserted {
            selections.append(Selection(tracked: output.tracked, within: nil))
        }
        var seenParts = Set<String>()
        for part in parts where !seen.contains(part.tracked.dataPath) && seenParts.insert(part.tracked.dataPath + "/" + part.within!).inserted {
            selections.append(part)
        }
        return (selections, errors)
    }

    /// The output `path` lies strictly inside (a directory a pointer or `mlx.lock` records),
    /// with the path relative to it; nil when `path` is not inside one. A path the manifest
    /// does not list is an error, so a typo restores nothing rather than nothing silently.
    private func partInsideTrackedDirectory(_ path: String, stageOutputs: [ObjectCollector.Output]) throws -> Selection? {
        let relative = try workspace.project.relativePath(of: path)
        if relative.isEmpty || relative.hasSuffix(PointerScanner.suffix) || Syscall.exists(path + PointerScanner.suffix) { return nil }
        var owner = stageOutputs.first { !$0.carriedByGit && relative.hasPrefix($0.tracked.dataPath + "/") }?.tracked
        if owner == nil, let directory = workspace.enclosingTrackedDirectory(of: relative) {
            let pointerPath = directory + PointerScanner.suffix
            owner = TrackedOutput.outputs(of: try workspace.readPointer(pointerPath), at: pointerPath).first { $0.dataPath == directory }
        }
        guard let owner else { return nil }
        let within = String(relative.dropFirst(owner.dataPath.count + 1))
        // Checked now when the manifest is at hand; when it is not, checkout says so for the output.
        if let oid = owner.output.objectID, oid.isDirectory, workspace.store.contains(oid) {
            let manifest = try Manifest.decode(try workspace.store.read(oid), oid: oid)
            _ = try CheckoutOperation.part(of: manifest.entries.map { ($0.relpath, $0.oid, $0.isexec) }, within: within, in: owner)
        }
        return Selection(tracked: owner, within: within)
    }

    /// The recorded outputs of the stages `stages` names. With `withDeps`, also those of every
    /// stage upstream of them and of the stages writing `selectedOutputs`, and the
    /// pointer-tracked data these stages read (`TrackedSource`), as DVC counts `.dvc` files as
    /// stages upstream.
    private func outputsOfStages(_ stages: StageTargets, selectedOutputs: [ObjectCollector.Output],
                                 stageOutputs: [ObjectCollector.Output], withDeps: Bool) throws -> [ObjectCollector.Output] {
        let root = workspace.project.root
        if !stages.namesStages && !Pipeline.exists(in: root) { return [] }
        let graph = try PipelineGraph(try Pipeline.load(projectRoot: root))
        var selected = try stages.namesStages ? stages.resolve(in: graph) : []
        // A stage named by one of its outputs brings its inputs and upstream, not its other outputs.
        var writers = Set<Int>()
        if withDeps {
            let paths = Set(selectedOutputs.map(\.tracked.dataPath))
            writers = Set(graph.pipeline.stages.indices.filter { graph.pipeline.stages[$0].outputs.contains { paths.contains($0.path) } })
            selected = graph.ancestors(of: selected).union(graph.ancestors(of: writers).subtracting(writers))
        }
        let lock = try PipelineLock.read(projectRoot: root)
        let recorded = Set(selected.flatMap { lock.stages[graph.pipeline.stages[$0].name]?.outs.map(\.path) ?? [] })
        var outputs = stageOutputs.filter { recorded.contains($0.tracked.dataPath) }
        guard withDeps else { return outputs }
        // The same sources `repro` re-records and `dag` draws.
        let readers = selected.union(writers)
        for source in TrackedSource.find(in: graph.pipeline, projectRoot: root) where !readers.isDisjoint(with: source.stages) {
            outputs += TrackedOutput.outputs(of: try workspace.readPointer(source.pointerPath), at: source.pointerPath)
                .filter { $0.dataPath == source.dataPath }.map { ObjectCollector.Output(tracked: $0, revision: nil) }
        }
        return outputs
    }

    /// The manifest entries at or below `within` (relative to the directory `tracked`), as
    /// files relative to `within`: one with an empty relpath when `within` is a file.
    static func part(of files: [(relpath: String, oid: Digest, isexec: Bool)], within: String,
                     in tracked: TrackedOutput) throws -> (files: [(relpath: String, oid: Digest, isexec: Bool)], isDirectory: Bool) {
        if let file = files.first(where: { $0.relpath == within }) {
            return ([("", file.oid, file.isexec)], false)
        }
        let prefix = within + "/"
        let inside = files.filter { $0.relpath.hasPrefix(prefix) }.map { (relpath: String($0.relpath.dropFirst(prefix.count)), oid: $0.oid, isexec: $0.isexec) }
        guard !inside.isEmpty else {
            let recordedIn = tracked.pointerPath == Pipeline.lockFileName ? "mlx.lock" : tracked.pointerPath
            throw TrackingError(path: tracked.dataPath + "/" + within, message: "is not in \(tracked.dataPath) as \(recordedIn) records it",
                                hint: "'mlx ls -R \(tracked.dataPath)' lists its recorded files; 'mlx checkout \(tracked.dataPath)' restores all of them")
        }
        return (inside, true)
    }
}
