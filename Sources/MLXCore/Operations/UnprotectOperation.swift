/// `mlx unprotect`: turns the workspace files of tracked outputs that are linked to the cache
/// (hard links, symlinks) or read-only into writable copies, so they can be edited without
/// corrupting the cache. The caller holds the project lock.
public struct UnprotectOperation {
    /// What happened to the files.
    public struct Report: Sendable {
        /// Files replaced by writable copies, project-relative, in target order.
        public var unprotected: [String] = []
        /// Files that were already writable copies, left alone.
        public var alreadyWritable: [String] = []
        /// Files that could not be unprotected; the others were still done.
        public var failures: [any ReportableError] = []
    }

    /// The workspace whose files are unprotected.
    public let workspace: Workspace

    /// An operation on `workspace`.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Unprotects what `targets` (absolute paths) name: a tracked file, every file of a tracked
    /// directory, or the files under a path inside a tracked directory. Every target is
    /// resolved before any file is touched, so a typo changes nothing.
    public func unprotect(_ targets: [String]) throws -> Report {
        var files: [String] = []
        var seen = Set<String>()
        for target in targets {
            let relative = try workspace.project.relativePath(of: target)
            for tracked in try workspace.trackedOutputs(for: [target]) {
                for file in try self.files(of: tracked, under: relative) where seen.insert(file).inserted {
                    files.append(file)
                }
            }
        }
        var report = Report()
        for file in files {
            let path = workspace.absolute(file)
            do {
                let before = try FileStat(path: path)
                if before.isRegular && before.linkCount == 1 && before.permissions & 0o200 != 0 {
                    report.alreadyWritable.append(file)
                    continue
                }
                try ObjectStore.unprotect(path)
                // The copy is a new inode: what the index knew about the old one is stale.
                workspace.forget(file)
                report.unprotected.append(file)
            } catch let error as FileSystemError where error.code == Syscall.Errno.noSuchFile {
                report.failures.append(TrackingError(path: file, message: "is missing from the workspace",
                                                     hint: "`mlx checkout \(file)` restores it"))
            } catch let error as any ReportableError {
                report.failures.append(error)
            }
        }
        try workspace.saveIndex()
        return report
    }

    /// The project-relative workspace files of `tracked`: the file itself, or the files of the
    /// directory on disk — only those under `target` when it lies inside the directory.
    func files(of tracked: TrackedOutput, under target: String) throws -> [String] {
        guard tracked.output.isDirectory else { return [tracked.dataPath] }
        let directory = workspace.absolute(tracked.dataPath)
        guard Syscall.isDirectory(directory) else {
            throw TrackingError(path: tracked.dataPath, message: "is missing from the workspace",
                                hint: "`mlx checkout \(tracked.dataPath)` restores it")
        }
        let walked = try DirectoryWalker.files(under: directory, projectRoot: workspace.project.root,
                                               ignorePrefix: tracked.dataPath, ignore: workspace.ignore)
        let inside = target.hasPrefix(tracked.dataPath + "/")
        return walked.map { tracked.dataPath + "/" + $0.relpath }
            .filter { !inside || $0 == target || $0.hasPrefix(target + "/") }
    }
}
