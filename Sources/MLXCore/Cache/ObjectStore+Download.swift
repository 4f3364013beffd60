/// Downloads enter the cache the way `insertBatch` copies do: each is written to `staging/` and
/// verified there, then a whole batch becomes durable with two file-system syncs (bytes, then
/// names) instead of two fsyncs per object — for 10,000 small files that was 20,000 fsyncs and
/// most of a fetch's time.
extension ObjectStore {
    /// A new temporary path in `staging/` for a download, named like every temporary, so a crash
    /// leaves something the next writer sweeps.
    public func stagingPath() -> String {
        Syscall.temporaryPath(beside: stagingRoot + "/x")
    }

    /// Checks a downloaded file in `staging/` against `oid` (its BLAKE3, and its size `size`
    /// when known) and makes it read-only; nothing is synced yet (see `commitDownloads`).
    ///
    /// Content that does not match is refused: the file is deleted and the `CacheError` names
    /// `displayPath` (where the object is used) and the oid. A size that differs from `size`
    /// while the content matches the oid is the fault of `sizeSource` (the pointer file that
    /// recorded the size), and the error names that file instead of blaming the remote.
    public func verifyDownload(_ temporary: String, oid: ObjectID, size: Int64?, displayPath: String, sizeSource: String? = nil) throws {
        do {
            let fd = try Syscall.open(temporary, .readOnly)
            defer { Syscall.close(fd) }
            let actualSize = try Syscall.fstat(fd, path: temporary).size
            let actual = try hasher.hash(openFile: fd, name: temporary)
            if let size, actualSize != size {
                if actual == oid.digest {
                    throw CacheError(subject: sizeSource ?? displayPath, oid: oid,
                                     message: "records size \(size) for \(displayPath), but object \(oid.string) has \(actualSize) bytes "
                                         + "and its content matches the oid: the pointer's size is wrong, not the remote's copy",
                                     hint: "correct 'size: \(actualSize)' in \(sizeSource ?? "the pointer file"), or restore the pointer file from git")
                }
                throw CacheError(subject: displayPath, oid: oid,
                                 message: "downloaded object \(oid.string) has \(actualSize) bytes, expected \(size), and its content does not match; it was not added to the cache",
                                 hint: ObjectStore.damagedRemoteHint)
            }
            if actual != oid.digest {
                throw CacheError(subject: displayPath, oid: oid,
                                 message: "downloaded object \(oid.string) is corrupt (its content hashes to \(actual.hex)); it was not added to the cache",
                                 hint: ObjectStore.damagedRemoteHint)
            }
            try Syscall.fchmod(fd, 0o444, path: temporary)
        } catch {
            Syscall.unlinkIfPresent(temporary)
            throw error
        }
    }

    /// What to do about a remote copy that does not match its name.
    static let damagedRemoteHint = "the copy on the remote is damaged: from a machine whose cache has a good copy, "
        + "'mlx push --verify' replaces it ('mlx fsck -r REMOTE' finds every damaged object)"

    /// Makes verified downloads durable and moves them into place: one sync for their bytes,
    /// the renames, one sync for the names. A crash at any point leaves whole objects under
    /// their names and temporaries the next writer sweeps. On failure the temporaries not yet
    /// moved are deleted.
    public func commitDownloads(_ downloads: [(temporary: String, oid: ObjectID)]) throws {
        guard !downloads.isEmpty else { return }
        try moveIntoPlace(downloads)
    }

    /// Syncs the staged files, renames each to its target (creating fan-out folders), syncs
    /// again. Shared by copies (`insertBatch`) and downloads.
    func moveIntoPlace(_ moves: [(temporary: String, oid: ObjectID)]) throws {
        var moved = 0
        defer { for rest in moves[moved...] { Syscall.unlinkIfPresent(rest.temporary) } }
        try Syscall.syncFileSystem(containing: stagingRoot)
        var folders = Set<String>()
        for move in moves {
            let target = path(for: move.oid)
            let folder = Syscall.directoryName(of: target)
            if folders.insert(folder).inserted { try makeFolders(folder) }
            // Read-only for everyone, whatever this user's umask let the file be created with.
            if sharing == .group { try Syscall.chmod(move.temporary, 0o444) }
            try Syscall.rename(move.temporary, target)
            moved += 1
        }
        try Syscall.syncFileSystem(containing: stagingRoot)
    }
}
