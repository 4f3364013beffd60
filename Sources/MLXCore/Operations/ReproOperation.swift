import Foundation

/// `mlx repro`: brings the pipeline's outputs up to date (SPEC §5).
///
/// Stages are visited in dependency order; each is judged only once every stage it depends on
/// has finished, against what is on disk then, so a stage that reran and produced the same
/// bytes leaves its dependents alone. A changed stage is restored from the run cache when a
/// run with the same inputs is recorded there, and run otherwise: outputs deleted (unless
/// `persist`), `sh -c` from `wdir`, outputs hashed and cached (objects durable first), and
/// `mlx.lock` rewritten atomically. Up to `jobs` commands run at once. Before any stage, data a
/// pointer file tracks that the stages read (`TrackedSource`) is re-recorded when it changed.
public final class ReproOperation {
    let workspace: Workspace
    public let pipeline: Pipeline
    public let graph: PipelineGraph
    private(set) var lock: PipelineLock
    let runCache: RunCache
    /// The pointer-tracked data the stages read: source nodes of the graph.
    public let sources: [TrackedSource]
    /// What the last `run` did about the pointer-tracked inputs of the selected stages.
    public private(set) var sourceOutcomes: [SourceOutcome] = []

    /// Loads `mlx.yaml` (checking its graph) and `mlx.lock` of the workspace's project.
    public init(workspace: Workspace) throws {
        self.workspace = workspace
        pipeline = try Pipeline.load(projectRoot: workspace.project.root)
        graph = try PipelineGraph(pipeline)
        lock = try PipelineLock.read(projectRoot: workspace.project.root)
        runCache = workspace.project.runCache
        sources = TrackedSource.find(in: pipeline, projectRoot: workspace.project.root)
    }

    typealias Inputs = StageJudge.Inputs

    /// A stage whose commands are running.
    private struct Running {
        let index: Int
        let inputs: Inputs
        let reason: StageReason
        var process: StageProcess
        var nextCommand: Int
    }

    // MARK: - the run

    /// Reproduces the selected stages; returns one outcome per selected stage in dependency
    /// order. Failures are outcomes (and `failure` events), not thrown; thrown errors mean the
    /// pipeline itself could not be used.
    public func run(_ options: ReproOptions, events: (ReproEvent) -> Void) throws -> [StageOutcome] {
        let selected = try selection(options)
        let order = graph.order.filter { selected.contains($0) }
        for index in order { try refuseOutputsTrackedByPointers(pipeline.stages[index]) }
        let feeding = sources(feeding: selected, options)
        defer { try? workspace.saveIndex() }
        if let remote = options.dataRemote, !options.dryRun {
            try pullMissingData(feeding, stages: order, from: remote, events: events)
        }
        sourceOutcomes = try refresh(feeding, dryRun: options.dryRun, events: events)
        var outcomes: [Int: StageOutcome] = [:]
        var running: [Running] = []
        var stopped = false
        // `--force-downstream`: the stages forced, each with the upstream stage that forced it.
        var forcedBy: [Int: String] = [:]
        let jobs = max(1, options.jobs)

        func finish(_ index: Int, _ action: StageOutcome.Action, _ reason: StageReason, error: (any Error)? = nil) {
            outcomes[index] = StageOutcome(stage: pipeline.stages[index].name, action: action, reason: reason,
                                           error: error.map { "\($0)" })
            if let error {
                events(.failure(error))
                stopped = stopped || !(options.keepGoing || options.ignoreErrors)
            }
            // As DVC: a stage that ran, or was forced and did not fail, forces all below it.
            let wasForced = options.force || forcedBy[index] != nil
            if options.forceDownstream,
               [.ran, .runCache, .wouldRun].contains(action) || (wasForced && ![.failed, .notRun].contains(action)) {
                for child in graph.descendants(of: [index]) where child != index && forcedBy[child] == nil {
                    forcedBy[child] = pipeline.stages[index].name
                }
            }
        }

        while true {
            for index in order where outcomes[index] == nil && !running.contains(where: { $0.index == index }) {
                if running.count >= jobs { break }
                let parents = graph.upstream[index].filter { selected.contains($0) }
                if parents.contains(where: { outcomes[$0] == nil }) { continue }
                let stage = pipeline.stages[index]
                if !options.ignoreErrors, let blocker = parents.first(where: { [.failed, .notRun].contains(outcomes[$0]!.action) }) {
                    let reason = StageReason.upstreamFailed(stage: pipeline.stages[blocker].name)
                    events(.decision(stage: stage.name, .notRun(reason)))
                    finish(index, .notRun, reason)
                    continue
                }
                if stopped {
                    finish(index, .notRun, .stoppedAfterFailure)
                    continue
                }
                if options.dryRun, let parent = parents.first(where: { outcomes[$0]!.action == .wouldRun }) {
                    let reason = StageReason.upstreamWouldRun(stage: pipeline.stages[parent].name)
                    events(.decision(stage: stage.name, .wouldRun(reason)))
                    finish(index, .wouldRun, reason)
                    continue
                }
                do {
                    if let started = try visit(index, forcedBy: forcedBy[index], options: options, events: events, finish: finish) {
                        running.append(started)
                    }
                } catch {
                    finish(index, .failed, .failed, error: error)
                }
            }
            if running.isEmpty {
                if order.allSatisfy({ outcomes[$0] != nil }) { break }
                continue
            }
            // Wait for one command to end: block when only one runs, else poll.
            var ended: (position: Int, exit: StageProcess.Exit)?
            while ended == nil {
                for (position, item) in running.enumerated() {
                    if let exit = try item.process.wait(block: running.count == 1) {
                        ended = (position, exit)
                        break
                    }
                }
                if ended == nil { Syscall.sleep(seconds: 0.01) }
            }
            guard let (position, exit) = ended else { continue }
            var item = running.remove(at: position)
            let stage = pipeline.stages[item.index]
            switch exit {
            case .status(0) where item.nextCommand < stage.commands.count:
                do {
                    events(.running(stage: stage.name, command: stage.commands[item.nextCommand]))
                    item.process = try StageProcess.spawn(stage.commands[item.nextCommand], in: workspace.absolute(stage.wdir),
                                                          stdoutToStderr: options.stageOutputToStderr)
                    item.nextCommand += 1
                    running.append(item)
                } catch {
                    finish(item.index, .failed, .failed, error: StageError(stage: stage.name, message: "could not start: \(error)"))
                }
            case .status(0):
                do {
                    try record(item.index, inputs: item.inputs, useRunCache: runCacheApplies(to: stage))
                    finish(item.index, .ran, item.reason)
                } catch {
                    finish(item.index, .failed, .failed, error: error)
                }
            case let .status(code):
                finish(item.index, .failed, .failed, error: StageError(stage: stage.name, message: "failed: command exited with status \(code)",
                                                                       hint: "fix the command and run 'mlx repro' again; mlx.lock keeps its last good entry"))
            case let .signal(signal):
                finish(item.index, .failed, .failed, error: StageError(stage: stage.name, message: "failed: command was killed by signal \(signal)"))
            }
        }
        try workspace.saveIndex()
        return order.map { outcomes[$0]! }
    }

    /// Judges one stage and acts: returns a `Running` when its command was started, nil when
    /// the stage is settled (skipped, restored, would run, run-cache hit). `forcedBy` names the
    /// upstream stage that forces it (`--force-downstream`).
    private func visit(_ index: Int, forcedBy: String?, options: ReproOptions, events: (ReproEvent) -> Void,
                       finish: (Int, StageOutcome.Action, StageReason, (any Error)?) -> Void) throws -> Running? {
        let stage = pipeline.stages[index]
        func say(_ decision: StageDecision) { events(.decision(stage: stage.name, decision)) }
        let locked = lock.stages[stage.name]

        if stage.frozen && !options.force {
            let restored = try restoreMissingOutputs(stage, locked: locked, dryRun: options.dryRun)
            say(.frozen(restored: restored))
            finish(index, restored.isEmpty ? .skipped : .restored, .frozen, nil)
            return nil
        }
        let judge = StageJudge(workspace: workspace)
        let inputs = try judge.inputs(of: stage)
        let reason: StageReason
        if options.force || forcedBy != nil {
            try refuseMissingDeps(stage, inputs: inputs)
            reason = options.force ? .forced : .forcedByUpstream(stage: forcedBy!)
        } else {
            switch try judge.verdict(stage, inputs: inputs, locked: locked, allowMissing: options.allowMissing,
                                     recordedOutputs: options.allowMissing ? recordedOutputs() : [:]) {
            case .upToDate(let missing):
                let absent = options.allowMissing ? absentData(of: stage, inputs: inputs, locked: locked) : []
                if !missing.isEmpty {
                    if !options.dryRun {
                        for output in missing { try restore(output, of: stage) }
                    }
                    say(.outputsRestored(missing.map(\.path), dryRun: options.dryRun))
                }
                if !absent.isEmpty {
                    say(.missingDataSkipped(absent))
                } else if missing.isEmpty {
                    say(.unchanged)
                }
                finish(index, missing.isEmpty ? .skipped : .restored, absent.isEmpty ? .unchanged : .onlyDataMissing(absent), nil)
                return nil
            case .changed(let changes):
                try refuseMissingDeps(stage, inputs: inputs)
                reason = .changed(changes)
            }
        }
        say(.willRun(reason))
        if options.dryRun {
            say(.wouldRunCommand(stage.commandText))
            finish(index, .wouldRun, reason, nil)
            return nil
        }
        if forcedBy == nil, runCacheAllowed(stage, options),
           let origin = try restoreFromRunCache(stage, inputs: inputs, sources: options.runCacheSources, events: events) {
            say(.restoredFromRunCache(origin: origin))
            finish(index, .runCache, reason, nil)
            return nil
        }
        return try start(index, inputs: inputs, reason: reason, options: options, events: events)
    }

    private func selection(_ options: ReproOptions) throws -> Set<Int> {
        if options.targets.isEmpty || options.allPipelines {
            return Set(pipeline.stages.indices)
        }
        let targets = try graph.resolve(targets: options.targets)
        if options.wholePipelines { return graph.wholePipelines(of: targets, joinedBy: sources) }
        if options.singleItem { return targets }
        return options.downstream ? graph.descendants(of: targets) : graph.ancestors(of: targets)
    }

    /// A stage about to run needs every dependency in the workspace.
    private func refuseMissingDeps(_ stage: Stage, inputs: Inputs) throws {
        guard let dep = inputs.missingDeps.first else { return }
        throw StageError(stage: stage.name, message: "cannot run: dependency '\(dep)' does not exist",
                         hint: "create it, track it with 'mlx add', or add the stage that writes it")
    }

    /// Whether a stage's result is looked up in the run cache: not with `--force`, which asks
    /// for the command to run (its result is still recorded, as the latest).
    private func runCacheAllowed(_ stage: Stage, _ options: ReproOptions) -> Bool {
        !options.force && runCacheApplies(to: stage)
    }

    /// Whether a stage's results belong in the run cache at all: a stage that must always run (or
    /// has no inputs), or whose persisted outputs carry state from earlier runs, has no result its
    /// inputs determine.
    private func runCacheApplies(to stage: Stage) -> Bool {
        !stage.alwaysChanged && !(stage.deps.isEmpty && stage.params.isEmpty) && !stage.outputs.isEmpty
            && !stage.outputs.contains(where: \.persist)
    }

    /// A stage output that is, or lies inside, data a pointer file tracks would be deleted and
    /// rewritten by the stage behind the pointer's back (and then cached twice); refused before
    /// any stage runs, as DVC refuses overlapping outputs.
    private func refuseOutputsTrackedByPointers(_ stage: Stage) throws {
        for output in stage.outputs {
            let owner = Syscall.exists(workspace.absolute(output.path + PointerScanner.suffix))
                ? output.path : workspace.enclosingTrackedDirectory(of: output.path)
            guard let owner else { continue }
            throw StageError(stage: stage.name,
                             message: owner == output.path ? "cannot write output '\(output.path)': \(owner)\(PointerScanner.suffix) already tracks it"
                                 : "cannot write output '\(output.path)': it lies inside \(owner), which \(owner)\(PointerScanner.suffix) tracks",
                             hint: "'mlx remove \(owner)\(PointerScanner.suffix)' stops tracking it, or write the output elsewhere")
        }
    }

    // MARK: - running

    private func start(_ index: Int, inputs: Inputs, reason: StageReason, options: ReproOptions,
                       events: (ReproEvent) -> Void) throws -> Running {
        let stage = pipeline.stages[index]
        let directory = workspace.absolute(stage.wdir)
        guard Syscall.isDirectory(directory) else {
            throw StageError(stage: stage.name, message: "cannot run: its wdir '\(stage.wdir)' is not a folder")
        }
        for output in stage.outputs {
            let path = workspace.absolute(output.path)
            if output.persist {
                try unprotect(path)
            } else {
                try removeOutput(output.path)
            }
            try Syscall.makeDirectories(Syscall.directoryName(of: path))
        }
        events(.running(stage: stage.name, command: stage.commands[0]))
        let process = try StageProcess.spawn(stage.commands[0], in: directory, stdoutToStderr: options.stageOutputToStderr)
        return Running(index: index, inputs: inputs, reason: reason, process: process, nextCommand: 1)
    }

    /// After a successful run: hash and cache the outputs, record the run, rewrite the lock.
    private func record(_ index: Int, inputs: Inputs, useRunCache: Bool) throws {
        let stage = pipeline.stages[index]
        var outs: [LockedArtifact] = []
        for output in stage.outputs {
            guard let scanned = try workspace.scan(output.path) else {
                throw StageError(stage: stage.name, message: "failed: its command did not create output '\(output.path)'",
                                 hint: "make the command write it, or remove it from the stage's outputs")
            }
            let stored = try workspace.storeObjects(of: scanned)
            if output.cache {
                try workspace.relinkToCache(scanned, clonedFromWorkspace: stored.clonedFromWorkspace)
                try ignore(output.path)
            }
            outs.append(LockedArtifact(scanned.summary))
        }
        if useRunCache {
            try runCache.record(RunCache.key(for: stage, deps: inputs.deps, params: inputs.params),
                                commands: stage.commands, outs: outs)
        }
        try update(stage, LockedStage(commands: stage.commands, commandIsList: stage.commandIsList,
                                      deps: inputs.deps, params: inputs.params, outs: outs))
    }

    /// Sets the stage's lock entry and writes `mlx.lock` (only stages `mlx.yaml` defines).
    private func update(_ stage: Stage, _ entry: LockedStage) throws {
        lock.stages[stage.name] = entry
        let defined = Set(pipeline.stages.map(\.name))
        lock.stages = lock.stages.filter { defined.contains($0.key) }
        try lock.write(projectRoot: workspace.project.root)
    }

    // MARK: - restoring

    /// Restores the outputs of a run with the same inputs, from the local run cache or else
    /// the first source that has one. Returns nil when nothing was restored, else the source's
    /// label (nil inside for the local run cache). A source that fails is a warning: the stage
    /// then simply runs.
    private func restoreFromRunCache(_ stage: Stage, inputs: Inputs, sources: [any RunCacheSource],
                                     events: (ReproEvent) -> Void) throws -> String?? {
        let key = RunCache.key(for: stage, deps: inputs.deps, params: inputs.params)
        var outs = runCache.lookup(key)
        var origin: String?
        if outs.map({ !$0.allSatisfy(isInCache) }) ?? true {
            for source in sources {
                do {
                    guard try source.fetchRun(key: key, into: runCache, store: workspace.store) else { continue }
                } catch {
                    events(.warning(stage: stage.name, error))
                    continue
                }
                outs = runCache.lookup(key)
                origin = source.label
                break
            }
        }
        guard let outs, outs.allSatisfy(isInCache),
              Set(outs.map(\.path)) == Set(stage.outputs.map(\.path)) else { return nil }
        for output in outs { try restore(output, of: stage) }
        try update(stage, LockedStage(commands: stage.commands, commandIsList: stage.commandIsList,
                                      deps: inputs.deps, params: inputs.params, outs: outs))
        return .some(origin)
    }

    /// Restores the recorded outputs of an unchanged (or frozen) stage that are missing.
    private func restoreMissingOutputs(_ stage: Stage, locked: LockedStage?, dryRun: Bool) throws -> [String] {
        guard let locked else { return [] }
        var restored: [String] = []
        for output in locked.outs where !Syscall.exists(workspace.absolute(output.path)) && isInCache(output) {
            if !dryRun { try restore(output, of: stage) }
            restored.append(output.path)
        }
        return restored
    }

    /// Puts a recorded output back from the cache, replacing whatever is at its path.
    private func restore(_ output: LockedArtifact, of stage: Stage) throws {
        try removeOutput(output.path)
        let pointerOutput = PointerOutput(path: Syscall.baseName(of: output.path), oid: output.oid.string, size: output.size,
                                          nfiles: output.nfiles, isexec: output.isexec)
        let tracked = TrackedOutput(pointerPath: Pipeline.lockFileName, outputIndex: 0, dataPath: output.path, output: pointerOutput)
        _ = try CheckoutOperation(workspace: workspace).checkout(tracked, force: true, relink: false)
        if stage.outputs.first(where: { $0.path == output.path })?.cache ?? true { try ignore(output.path) }
    }

    /// Whether every object of a recorded output is in the local cache.
    func isInCache(_ output: LockedArtifact) -> Bool {
        workspace.store.containsAllObjects(output)
    }

    // MARK: - files

    private func ignore(_ relative: String) throws {
        try GitignoreEditor.add(Syscall.baseName(of: relative), in: Syscall.directoryName(of: workspace.absolute(relative)))
    }

    /// Deletes an output before its stage runs or is restored; the output itself is removed, not
    /// followed, and the folders leading to it must not take the deletion out of the project.
    private func removeOutput(_ relative: String) throws {
        let path = try ProjectPath(validating: relative).resolved(under: workspace.project.root, followingFinalLink: false)
        guard Syscall.exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw FileSystemError(path: path, operation: "remove", code: Syscall.Errno.ioError, message: "cannot remove the old output: \(error.localizedDescription)")
        }
    }

    /// Makes a persisted output writable in place, so the command can update it without
    /// writing through a link into the cache.
    private func unprotect(_ path: String) throws {
        guard Syscall.exists(path) else { return }
        if Syscall.isDirectory(path) {
            let files = try DirectoryWalker.files(under: path, projectRoot: workspace.project.root, ignorePrefix: "", ignore: IgnoreRules())
            for file in files { try ObjectStore.unprotect(file.path) }
        } else {
            try ObjectStore.unprotect(path)
        }
    }
}
