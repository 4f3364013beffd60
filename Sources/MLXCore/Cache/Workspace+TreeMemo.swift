import MLXHash

extension Workspace {
    /// What `relative` holds now, in brief; nil when it does not exist. A tracked directory whose
    /// memo still holds (see `TreeMemo`) costs one `fstatat` per file; one where only some files
    /// changed costs that, the changed files' hashes and the manifest's; anything else is
    /// scanned through the hash index as `scan` does.
    public func summary(of relative: String) throws -> DataSummary? {
        if let memo = treeMemo(of: relative) {
            // Taken before any file is stat'ed: a change within the racy window of this time
            // could hide in the same timestamp tick as the facts about to be read.
            let checkedAt = Syscall.nowNanoseconds()
            switch memo.check(root: absolute(relative), width: jobs) {
            case .holds:
                return DataSummary(relativePath: relative, isDirectory: true, oid: memo.oid, size: memo.size,
                                   fileCount: memo.fileCount, isExecutable: false)
            case .filesChanged(let changes):
                if let summary = summary(of: relative, memo: memo, changedFiles: changes, checkedAt: checkedAt) { return summary }
            case .treeChanged:
                break
            }
        }
        return try scan(relative)?.summary
    }

    /// The summary of a directory whose memo lists every file and only `changedFiles` differ:
    /// those are looked up or hashed (without reading the hash index when hashing them costs
    /// less), and the manifest is the memo's entries with theirs in
    /// place. The memo is brought up to date when the changes are not racy as of `checkedAt`,
    /// the time before their facts were read. Nil when a changed
    /// file cannot be read: the full scan then reports it as it always has.
    private func summary(of relative: String, memo: TreeMemo, changedFiles: [TreeMemo.ChangedFile], checkedAt: Int64) -> DataSummary? {
        let root = absolute(relative)
        let results = digestsSparingTheIndex(count: changedFiles.count) {
            (relative + "/" + changedFiles[$0].relpath, root + "/" + changedFiles[$0].relpath, changedFiles[$0].stat)
        }
        var changes: [(file: TreeMemo.ChangedFile, oid: Digest)] = []
        var replacements: [Int: Manifest.Entry] = [:]
        for (file, result) in zip(changedFiles, results) {
            guard case .success(let digest) = result else { return nil }
            changes.append((file, digest))
            replacements[file.record] = Manifest.Entry(oid: digest, relpath: file.relpath, size: file.stat.size,
                                                       isexec: file.stat.isExecutable)
        }
        // The names are the ones a full scan checked when it recorded the memo (no folder changed).
        let (oid, size, count) = memo.manifestSummary(replacing: replacements, using: store.hasher) ?? {
            let manifest = Manifest(checkedEntries: memo.entries(replacing: replacements))
            return (manifest.objectID(using: store.hasher), manifest.totalSize, manifest.count)
        }()
        if let bytes = memo.recording(changes, oid: oid, size: size, now: checkedAt) {
            try? AtomicFile.write(bytes, to: TreeMemo.path(of: relative, tmpDirectory: project.tmpDirectory))
        }
        return DataSummary(relativePath: relative, isDirectory: true, oid: oid, size: size, fileCount: count,
                           isExecutable: false)
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
    /// Changes are judged racy against `factsReadFrom`, the time before the walk read any fact.
    func recordTreeMemo(of scanned: ScannedData, walked tree: WalkedTree, factsReadFrom: Int64) {
        let path = TreeMemo.path(of: scanned.relativePath, tmpDirectory: project.tmpDirectory)
        guard let bytes = TreeMemo.encode(trackedPath: scanned.relativePath, oid: scanned.oid, size: scanned.size,
                                          ignoreDigest: ignore.digest, tree: tree, oids: scanned.files.map(\.oid),
                                          now: factsReadFrom) else { return }
        if let existing = try? Syscall.readFile(path), existing == bytes { return }
        try? Syscall.makeDirectories(Syscall.directoryName(of: path))
        try? AtomicFile.write(bytes, to: path)
    }

    /// Forgets the memo of `relative` (a directory no longer tracked there).
    func forgetTreeMemo(of relative: String) {
        Syscall.unlinkIfPresent(TreeMemo.path(of: relative, tmpDirectory: project.tmpDirectory))
    }
}
