/// Putting objects into the workspace, and taking them back out of the cache's protection.
extension ObjectStore {
    /// Materialises `oid` at `workspacePath`, trying `types` in order and returning the one used.
    ///
    /// Each attempt builds the file under a temporary name beside the target and renames it over
    /// whatever was there, so a crash never leaves half a workspace file. A type the file system
    /// cannot do (no reflink support, another device for a hard link) falls through to the next.
    ///
    /// Modes: `reflink` and `copy` give a writable file (0644, 0755 when executable, less the
    /// umask); `hardlink` and `symlink` present the object itself, which is read-only (0444, or
    /// 0555 for an executable). A hard-linked or symlinked executable needs an executable object:
    /// mlx changes the object's mode only while no other hard link shares it, and otherwise falls
    /// through to the next type, so one file's exec bit never leaks onto another's.
    /// (Symlinks cannot be counted: two symlinked files with the same bytes but different exec
    /// bits see the mode of the last one linked.)
    ///
    /// Missing parent folders are created. Throws `CacheError` when the object is absent or no
    /// type works, `FileSystemError` for other failures.
    @discardableResult
    ///
    /// With `syncing: false` the new file and its folder are not fsynced: for batches (a
    /// checkout of 10,000 files) whose caller makes everything durable at once with
    /// `Syscall.syncFileSystem` before recording it. The rename is still atomic.
    public func link(oid: ObjectID, to workspacePath: String, types: [CacheLinkType] = CacheLinkType.defaultOrder,
                     isExecutable: Bool = false, syncing: Bool = true) throws -> CacheLinkType {
        let source = path(for: oid)
        guard Syscall.exists(source) else { throw notInCache(oid) }
        let folder = Syscall.directoryName(of: workspacePath)
        try Syscall.makeDirectories(folder)
        // A checkout killed earlier left its temporaries in the folders it was writing.
        TemporaryFiles.sweepOnce(folder)
        // Already a hard link to the object (a re-add, `checkout --relink`): linking it again
        // would only change the inode's ctime, which the hash index compares.
        if types.first == .hardlink, let current = try? FileStat(path: workspacePath), let object = try? FileStat(path: source),
           current.inode == object.inode, current.device == object.device, object.isExecutable == isExecutable {
            return .hardlink
        }
        for (position, type) in types.enumerated() {
            let temporary = Syscall.temporaryPath(beside: workspacePath)
            let made: CacheLinkType?
            do {
                switch type {
                case .reflink where types.indices.contains(position + 1) && types[position + 1] == .copy:
                    // `copyFile` clones where it can and copies otherwise, in one temporary
                    // file: creating files is most of what a checkout of many small files
                    // costs, and a failed clone's file plus a copy's doubled it.
                    made = try ObjectStore.copyFile(source, to: temporary, mode: isExecutable ? 0o755 : 0o644, syncing: syncing,
                                                    cloning: reflinkSupport)
                case .reflink: made = try reflink(source, to: temporary, isExecutable: isExecutable, syncing: syncing) ? type : nil
                case .hardlink: made = try hardlink(source, to: temporary, isExecutable: isExecutable) ? type : nil
                case .symlink: made = try symlink(source, to: temporary, isExecutable: isExecutable) ? type : nil
                case .copy: made = try copy(source, to: temporary, isExecutable: isExecutable, syncing: syncing) ? type : nil
                }
                if made != nil { try Syscall.rename(temporary, workspacePath) }
                // Renaming one hard link over another of the same inode does nothing (POSIX),
                // so the temporary link would stay: one more per file on every relink.
                if made == .hardlink { Syscall.unlinkIfPresent(temporary) }
            } catch {
                Syscall.unlinkIfPresent(temporary)
                throw error
            }
            guard let made else { continue }
            if syncing { try Syscall.fsyncDirectory(Syscall.directoryName(of: workspacePath)) }
            return made
        }
        throw CacheError(subject: workspacePath, oid: oid,
                         message: "none of the link types \(types.map(\.rawValue).joined(separator: ",")) works here",
                         hint: "add `copy` to `cache.type`, which always works")
    }

    /// Replaces a hard-linked, symlinked or read-only workspace file by a writable copy of its
    /// content, so it can be edited without touching the cache. A file that is already a
    /// writable single link is left alone.
    public static func unprotect(_ workspacePath: String) throws {
        let info = try FileStat(path: workspacePath)
        let target = try FileStat.following(workspacePath)
        guard target.isRegular else {
            throw CacheError(subject: workspacePath, message: "not a file", hint: "unprotect tracked files, not folders")
        }
        if info.isRegular && info.linkCount == 1 && info.permissions & 0o200 != 0 { return }
        TemporaryFiles.sweepOnce(Syscall.directoryName(of: workspacePath))
        let temporary = Syscall.temporaryPath(beside: workspacePath)
        do {
            try copyFile(workspacePath, to: temporary, mode: target.isExecutable ? 0o755 : 0o644)
            try Syscall.rename(temporary, workspacePath)
        } catch {
            Syscall.unlinkIfPresent(temporary)
            throw error
        }
        try Syscall.fsyncDirectory(Syscall.directoryName(of: workspacePath))
    }

    /// Errors that mean "this file system cannot do that kind of link", as opposed to real failures.
    static func meansUnsupported(_ code: Int32) -> Bool {
        [Syscall.Errno.notSupported, Syscall.Errno.notSupportedByDevice, Syscall.Errno.crossDevice, Syscall.Errno.invalidArgument,
         Syscall.Errno.notATerminal, Syscall.Errno.notImplemented, Syscall.Errno.notPermitted, Syscall.Errno.tooManyLinks,
         Syscall.Errno.textFileBusy].contains(code)
    }

    private func reflink(_ source: String, to temporary: String, isExecutable: Bool, syncing: Bool) throws -> Bool {
        let input = try Syscall.open(source, .readOnly)
        defer { Syscall.close(input) }
        let output = try Syscall.open(temporary, .createNew, mode: isExecutable ? 0o755 : 0o644)
        defer { Syscall.close(output) }
        do {
            try Syscall.cloneFile(from: input, to: output, path: temporary)
        } catch {
            Syscall.unlinkIfPresent(temporary)
            if ObjectStore.meansUnsupported(error.code) { return false }
            throw error
        }
        if syncing { try Syscall.fsync(output, path: temporary) }
        return true
    }

    private func hardlink(_ source: String, to temporary: String, isExecutable: Bool) throws -> Bool {
        guard try presentObject(source, asExecutable: isExecutable) else { return false }
        do {
            try Syscall.link(source, to: temporary)
        } catch {
            if ObjectStore.meansUnsupported(error.code) { return false }
            throw error
        }
        return true
    }

    private func symlink(_ source: String, to temporary: String, isExecutable: Bool) throws -> Bool {
        guard try presentObject(source, asExecutable: isExecutable) else { return false }
        let absolute = source.hasPrefix("/") ? source : (ProjectPath.realPath(Syscall.directoryName(of: source)) ?? ".")
            + "/" + Syscall.baseName(of: source)
        do {
            try Syscall.symlink(absolute, at: temporary)
        } catch {
            if ObjectStore.meansUnsupported(error.code) { return false }
            throw error
        }
        return true
    }

    private func copy(_ source: String, to temporary: String, isExecutable: Bool, syncing: Bool) throws -> Bool {
        try ObjectStore.copyFile(source, to: temporary, mode: isExecutable ? 0o755 : 0o644, syncing: syncing)
        return true
    }

    /// Makes the object's exec bit match `asExecutable` when that is safe (no other hard link
    /// shares the inode); returns whether the object now presents the requested mode.
    private func presentObject(_ source: String, asExecutable: Bool) throws -> Bool {
        let info = try FileStat(path: source)
        if info.isExecutable == asExecutable { return true }
        guard info.linkCount == 1 else { return false }
        do {
            try Syscall.chmod(source, asExecutable ? 0o555 : 0o444)
        } catch {
            // Another user's object in a shared cache: link another way (a copy).
            if error.code == Syscall.Errno.notPermitted { return false }
            throw error
        }
        return true
    }

    /// A copy of `source` at a new path `destination` with `mode`, fsynced unless `syncing` is
    /// false: cloned where the file system can (returns `.reflink`), else copied (`.copy`).
    /// `cloning` remembers across a batch that cloning does not work here, so 10,000 files do
    /// not each try (and fail) first.
    @discardableResult
    static func copyFile(_ source: String, to destination: String, mode: UInt32, syncing: Bool = true,
                         cloning: ReflinkSupport = ReflinkSupport()) throws -> CacheLinkType {
        let input = try Syscall.open(source, .readOnly)
        defer { Syscall.close(input) }
        let output = try Syscall.open(destination, .createNew, mode: mode)
        defer { Syscall.close(output) }
        var made = CacheLinkType.reflink
        if !cloning.tryClone(from: input, to: output, path: destination) {
            _ = try Syscall.copyContents(from: input, to: output, sourcePath: source, destinationPath: destination)
            made = .copy
        }
        if syncing { try Syscall.fsync(output, path: destination) }
        return made
    }
}
