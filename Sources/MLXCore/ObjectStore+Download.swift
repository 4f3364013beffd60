#if canImport(Glibc)
import Glibc
#endif

extension ObjectStore {
    /// A new temporary path in the fan-out folder of `oid` (created), for a download: the file
    /// is on the cache's file system, so `insert(downloadedFile:…)` can rename it into place.
    /// Named like every temporary, so a crash leaves something `gc`/`fsck` recognise.
    public func downloadPath(for oid: ObjectID) throws -> String {
        let target = path(for: oid)
        try Syscall.makeDirectories(Syscall.directoryName(of: target))
        return Syscall.temporaryPath(beside: target)
    }

    /// Moves a downloaded file into the cache as `oid`, after checking that its BLAKE3 is the
    /// oid (and its size `size`, when known): fsync, read-only, rename, fsync of the folder.
    ///
    /// Content that does not match is refused: the temporary is deleted, nothing enters the
    /// cache, and the `CacheError` names `displayPath` (where the object is used) and the oid.
    /// - Returns: `true` when added, `false` when the object was already there (the temporary
    ///   is removed).
    @discardableResult
    public func insert(downloadedFile temporary: String, oid: ObjectID, size: Int64? = nil, displayPath: String) throws -> Bool {
        let target = path(for: oid)
        do {
            if Syscall.exists(target) {
                Syscall.unlinkIfPresent(temporary)
                return false
            }
            let fd = try Syscall.open(temporary, O_RDONLY)
            var open = true
            defer { if open { Syscall.close(fd) } }
            let actualSize = Int64(try Syscall.fstat(fd, path: temporary).st_size)
            if let size, actualSize != size {
                throw CacheError(subject: displayPath, oid: oid,
                                 message: "downloaded object \(oid.string) has \(actualSize) bytes, expected \(size); it was not added to the cache",
                                 hint: "the copy on the remote is damaged; push it again from a machine that has it")
            }
            let actual = try hasher.hash(fileAt: temporary)
            if actual != oid.digest {
                throw CacheError(subject: displayPath, oid: oid,
                                 message: "downloaded object \(oid.string) is corrupt (its content hashes to \(actual.hex)); it was not added to the cache",
                                 hint: "the copy on the remote is damaged; push it again from a machine that has it, or delete it from the remote")
            }
            _ = fchmod(fd, 0o444)
            try Syscall.fsync(fd, path: temporary)
            Syscall.close(fd)
            open = false
            try Syscall.rename(temporary, target)
        } catch {
            Syscall.unlinkIfPresent(temporary)
            throw error
        }
        try Syscall.fsyncDirectory(Syscall.directoryName(of: target))
        return true
    }
}
