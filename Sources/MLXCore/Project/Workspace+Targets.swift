extension Workspace {
    /// The project-relative path of `absolute`, checked for adding: inside the project, not the
    /// project itself, not inside `.git` or `.mlx`, not a pointer file, not under a tracked
    /// directory, and not reached through a symlink that leads out.
    func dataPathForAdding(_ absolute: String) throws -> String {
        let relative = try project.relativePath(of: absolute)
        if relative.isEmpty {
            throw TrackingError(path: absolute, message: "cannot track the project folder itself",
                                hint: "add the data folders inside it")
        }
        let components = relative.split(separator: "/")
        if let reserved = components.first(where: { ProjectPath.isReserved(segment: $0) }) {
            throw TrackingError(path: relative, message: "is inside \(reserved), which mlx never tracks")
        }
        if relative.hasSuffix(PointerScanner.suffix) {
            throw TrackingError(path: relative, message: "is a pointer file; name the data it points to instead",
                                hint: "mlx add \(relative.dropLast(PointerScanner.suffix.count))")
        }
        if let problem = GitignoreEditor.problem(withName: Syscall.baseName(of: relative)) {
            throw TrackingError(path: GitignoreEditor.escapingLineBreaks(relative), message: problem,
                                hint: "rename it, or add the folder that holds it")
        }
        if let role = ControlFile.role(of: relative) {
            throw TrackingError(path: relative, message: "is \(role), which git must carry, not mlx",
                                hint: "commit it with git; mlx add is for data and models")
        }
        let pipeline = pipelineForAdding
        if let file = ControlFile.paramsFile(in: relative, among: Array(Set(pipeline.flatMap { $0.params.map(\.file) }))) {
            throw TrackingError(path: relative, message: file == relative ? "is a params file that stages read" : "holds `\(file)`, a params file that stages read",
                                hint: "commit params files with git, so `mlx repro` and `mlx params diff` see them")
        }
        for stage in pipeline {
            for output in stage.outputs where output.path == relative || output.path.hasPrefix(relative + "/") || relative.hasPrefix(output.path + "/") {
                throw TrackingError(path: relative, message: output.path == relative ? "is an output of stage '\(stage.name)', which mlx.lock tracks"
                                        : "overlaps output `\(output.path)` of stage '\(stage.name)'",
                                    hint: "`mlx repro \(stage.name)` records the stage's outputs; track other data elsewhere")
            }
        }
        let facts = try? FileStat(path: absolute)
        if ignore.isIgnored(relative, isDirectory: facts?.isDirectory ?? false) {
            throw TrackingError(path: relative, message: "is ignored by .mlxignore",
                                hint: "remove the matching pattern from .mlxignore to track it")
        }
        if let sourceControl, let tracked = try sourceControl.trackedPath(at: absolute) {
            throw TrackingError(path: relative, message: tracked == relative || "\(sourceControl.workTreeRoot)/\(tracked)" == absolute
                                    ? "is already tracked by git" : "holds `\(tracked)`, which git already tracks",
                                hint: "run 'git rm -r --cached \(relative)' to let mlx track it, then commit")
        }
        _ = try ProjectPath(validating: relative).resolved(under: project.root, cacheObjects: sharedCacheObjects)
        if let owner = enclosingTrackedDirectory(of: relative) {
            throw TrackingError(path: relative, message: "is inside \(owner), which is tracked as a whole",
                                hint: "run 'mlx add \(owner)' (or 'mlx commit \(owner)') to record changes in it")
        }
        return relative
    }

    /// The pipeline's stages, whose params files and outputs are not data to add; none when
    /// there is no pipeline, or when it cannot be read (that error belongs to `repro` and
    /// `status`, not to adding data).
    /// Read once per command: `add` checks every target against it.
    var pipelineForAdding: [Stage] {
        if let loadedPipelineStages { return loadedPipelineStages }
        let stages = Pipeline.exists(in: project.root) ? (try? Pipeline.load(projectRoot: project.root))?.stages ?? [] : []
        loadedPipelineStages = stages
        return stages
    }

    /// The nearest ancestor of `relative` tracked by a pointer beside it (`a/b` for `a/b/c`).
    func enclosingTrackedDirectory(of relative: String) -> String? {
        var components = relative.split(separator: "/").dropLast()
        while !components.isEmpty {
            let candidate = components.joined(separator: "/")
            if Syscall.exists(absolute(candidate + PointerScanner.suffix)) { return candidate }
            components = components.dropLast()
        }
        return nil
    }

    /// Reads and strictly decodes a pointer file (project-relative path).
    public func readPointer(_ pointerPath: String) throws -> Pointer {
        try PointerCodec.read(from: absolute(pointerPath), displayPath: pointerPath)
    }

    /// Every pointer file of the project, project-relative.
    public func allPointerPaths() throws -> [String] {
        try PointerScanner.scan(project, ignore: ignore)
    }

    /// The tracked outputs the user's targets name: pointer files, tracked paths, or paths
    /// inside tracked directories (which name the whole directory). No targets: all of them.
    /// Each pointer is decoded strictly; a malformed one is an error naming it.
    public func trackedOutputs(for targets: [String]) throws -> [TrackedOutput] {
        if targets.isEmpty {
            return try allPointerPaths().flatMap { TrackedOutput.outputs(of: try readPointer($0), at: $0) }
        }
        var result: [TrackedOutput] = []
        var seen = Set<String>()
        for target in targets {
            let relative = try project.relativePath(of: target)
            let pointerPath: String
            if relative.hasSuffix(PointerScanner.suffix), Syscall.exists(target) {
                pointerPath = relative
            } else if Syscall.exists(absolute(relative + PointerScanner.suffix)) {
                pointerPath = relative + PointerScanner.suffix
            } else if let owner = enclosingTrackedDirectory(of: relative) {
                pointerPath = owner + PointerScanner.suffix
            } else if Syscall.isDirectory(target) {
                // A folder holding pointers: everything tracked under it.
                let prefix = relative.isEmpty ? "" : relative + "/"
                for path in try allPointerPaths() where path.hasPrefix(prefix) && seen.insert(path).inserted {
                    result += TrackedOutput.outputs(of: try readPointer(path), at: path)
                }
                continue
            } else {
                throw TrackingError(path: relative.isEmpty ? target : relative, message: "is not tracked by mlx",
                                    hint: "'mlx add \(relative)' starts tracking it")
            }
            if seen.insert(pointerPath).inserted {
                result += TrackedOutput.outputs(of: try readPointer(pointerPath), at: pointerPath)
            }
        }
        return result
    }
}
