/// `mlx remove`: stops tracking data — deletes its pointer file and its `.gitignore` line,
/// keeping the data itself (and its cache objects) unless `deletingData` is set.
public struct RemoveOperation {
    let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Removes the pointer files the targets name; returns their project-relative paths.
    /// Every target is resolved before anything is deleted.
    public func remove(_ targets: [String], deletingData: Bool) throws -> [String] {
        // Only exact names: a path inside tracked data or a folder of pointers would remove far
        // more than the user pointed at (and, with --outs, delete it).
        for target in targets {
            let relative = try workspace.project.relativePath(of: target)
            let isPointer = relative.hasSuffix(PointerScanner.suffix) && Syscall.exists(target)
            if !isPointer && !Syscall.exists(target + PointerScanner.suffix) {
                throw TrackingError(path: relative.isEmpty ? target : relative, message: "is not a pointer file or a tracked path",
                                    hint: "name the pointer file (x.mlx) or the tracked file or directory itself")
            }
        }
        let outputs = try workspace.trackedOutputs(for: targets)
        var removed: [String] = []
        for pointerPath in Set(outputs.map(\.pointerPath)).sorted() {
            for tracked in outputs where tracked.pointerPath == pointerPath {
                let data = workspace.absolute(tracked.dataPath)
                if deletingData {
                    // The output itself is unlinked, never followed; the folders leading to it
                    // must not take the deletion out of the project.
                    _ = try ProjectPath(validating: tracked.dataPath).resolved(under: workspace.project.root, followingFinalLink: false)
                    try removeData(data)
                }
                workspace.forgetTreeMemo(of: tracked.dataPath)
                try GitignoreEditor.remove(Syscall.baseName(of: tracked.dataPath), in: Syscall.directoryName(of: data))
            }
            let pointer = workspace.absolute(pointerPath)
            try Syscall.unlink(pointer)
            try Syscall.fsyncDirectory(Syscall.directoryName(of: pointer))
            removed.append(pointerPath)
        }
        return removed
    }

    func removeData(_ path: String) throws {
        guard let facts = try? FileStat(path: path) else { return }
        if facts.isDirectory {
            try FileTree.remove(path)
        } else {
            try Syscall.unlink(path)
        }
    }
}
