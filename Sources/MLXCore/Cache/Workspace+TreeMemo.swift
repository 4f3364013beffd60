extension Workspace {
    /// What `relative` holds now, in brief; nil when it does not exist. A tracked directory whose
    /// memo still holds (see `TreeMemo`) costs one `fstatat` per file; anything else is scanned
    /// through the hash index as `scan` does.
    public func summary(of relative: String) throws -> DataSummary? {
        if let memo = treeMemo(of: relative), memo.stillHolds(root: absolute(relative), width: jobs) {
            return DataSummary(relativePath: relative, isDirectory: true, oid: memo.oid, size: memo.size,
                               fileCount: memo.fileCount, isExecutable: false)
        }
        return try scan(relative)?.summary
    }

    /// The memo recorded for the directory `relative`, if there is one that fits the current
    /// `.mlxignore`.
    func treeMemo(of relative: String) -> TreeMemo? {
        guard let bytes = try? Syscall.readFile(TreeMemo.path(of: relative, tmpDirectory: project.tmpDirectory)) else { return nil }
        return TreeMemo(bytes: bytes, trackedPath: relative, ignoreDigest: ignore.digest)
    }

    /// Records what a full walk of the directory `scanned` found, unless the walk may not be
    /// trusted later or the same memo is already there (a no-change `add` rewrites nothing).
    /// A memo is only a shortcut: where it cannot be written (a read-only checkout, a full
    /// disk) the command goes on, and the next one walks in full again.
    func recordTreeMemo(of scanned: ScannedData, walked tree: WalkedTree) {
        let path = TreeMemo.path(of: scanned.relativePath, tmpDirectory: project.tmpDirectory)
        guard let bytes = TreeMemo.encode(trackedPath: scanned.relativePath, oid: scanned.oid, size: scanned.size,
                                          ignoreDigest: ignore.digest, tree: tree) else { return }
        if let existing = try? Syscall.readFile(path), existing == bytes { return }
        try? Syscall.makeDirectories(Syscall.directoryName(of: path))
        try? AtomicFile.write(bytes, to: path)
    }

    /// Forgets the memo of `relative` (a directory no longer tracked there).
    func forgetTreeMemo(of relative: String) {
        Syscall.unlinkIfPresent(TreeMemo.path(of: relative, tmpDirectory: project.tmpDirectory))
    }
}
