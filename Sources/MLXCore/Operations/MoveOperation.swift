/// `mlx move`: renames tracked data together with its pointer file and `.gitignore` lines.
///
/// Order, so that a crash leaves nothing unrecoverable: the data is renamed first, then the
/// new pointer is written, then the old pointer and `.gitignore` line go. Interrupted, the old
/// pointer at worst reports its data as deleted while the new one is complete.
public struct MoveOperation {
    let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Moves the tracked data `source` (absolute) to `destination` (absolute; into it when it is
    /// an existing folder that is not tracked data). Returns (old, new) project-relative paths.
    public func move(_ source: String, to destination: String) throws -> (from: String, to: String) {
        let outputs = try workspace.trackedOutputs(for: [source])
        guard outputs.count == 1, let tracked = outputs.first else {
            throw TrackingError(path: source, message: "names \(outputs.count) tracked outputs; move one at a time")
        }
        guard workspace.absolute(tracked.dataPath) == source || workspace.absolute(tracked.pointerPath) == source else {
            throw TrackingError(path: try workspace.project.relativePath(of: source),
                                message: "is inside tracked data; move the whole of \(tracked.dataPath)")
        }
        var target = destination
        if Syscall.isDirectory(target) && !Syscall.exists(target + PointerScanner.suffix) {
            target += "/" + Syscall.baseName(of: tracked.dataPath)
        }
        let newPath = try workspace.dataPathForAdding(target)
        if Syscall.exists(target) || Syscall.exists(target + PointerScanner.suffix) {
            throw TrackingError(path: newPath, message: "already exists", hint: "remove it first or pick another name")
        }
        let oldData = workspace.absolute(tracked.dataPath)
        var pointer = try workspace.readPointer(tracked.pointerPath)
        pointer.outs[tracked.outputIndex].path = Syscall.baseName(of: newPath)
        guard pointer.outs.count == 1 else {
            throw TrackingError(path: tracked.pointerPath, message: "tracks several outputs; move them by editing the pointer")
        }

        try Syscall.makeDirectories(Syscall.directoryName(of: target))
        if Syscall.exists(oldData) || ((try? FileStat(path: oldData))?.isSymlink ?? false) {
            try Syscall.rename(oldData, target)
            try Syscall.fsyncDirectory(Syscall.directoryName(of: oldData))
            try Syscall.fsyncDirectory(Syscall.directoryName(of: target))
        }
        try AtomicFile.write(PointerCodec.encode(pointer), to: target + PointerScanner.suffix)
        try GitignoreEditor.add(Syscall.baseName(of: newPath), in: Syscall.directoryName(of: target))
        let oldPointer = workspace.absolute(tracked.pointerPath)
        try Syscall.unlink(oldPointer)
        try GitignoreEditor.remove(Syscall.baseName(of: tracked.dataPath), in: Syscall.directoryName(of: oldData))
        workspace.forgetTreeMemo(of: tracked.dataPath)
        return (tracked.dataPath, newPath)
    }
}
