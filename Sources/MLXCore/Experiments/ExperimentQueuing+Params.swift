import Foundation

extension ExperimentQueuing {
    /// The params files of the project at `projectRoot` as `overrides` would leave them, never
    /// written in the workspace: ``ParamsFileEditor`` edits copies of them in a scratch folder
    /// under `.mlx/tmp`, so queueing follows exactly the rules of a workspace `exp run -S`.
    public static func overriddenParams(_ overrides: [ParamOverride], project: Project) throws -> [String: [UInt8]] {
        guard !overrides.isEmpty else { return [:] }
        let candidates = Pipeline.exists(in: project.root)
            ? try Pipeline.load(projectRoot: project.root).paramsFiles(projectRoot: project.root) : []
        let files = Set([ParamsFile.defaultName] + candidates + overrides.compactMap(\.file))
        let scratch = project.tmpDirectory + "/queue-params-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for file in files {
            guard let source = try? ProjectPath(validating: file).resolved(under: project.root), Syscall.exists(source) else { continue }
            let copy = scratch + "/" + file
            try Syscall.makeDirectories(Syscall.directoryName(of: copy))
            try AtomicFile.write(try Syscall.readFile(source), to: copy)
        }
        let changed = try ParamsFileEditor.apply(overrides, projectRoot: scratch, candidates: candidates)
        var contents: [String: [UInt8]] = [:]
        for file in changed {
            contents[file] = try Syscall.readFile(scratch + "/" + file)
        }
        return contents
    }
}
