/// The lock of a cache (`<cache>/lock`), which several projects may share (`cache.dir`):
/// every writer of any project holds it shared while it runs, so writers of different
/// projects add objects side by side; `gc`, which deletes what none of the projects it was
/// told about uses, holds it exclusively, so no object another writer is adding (and has not
/// yet named in a pointer) can disappear under it.
///
/// A `flock(2)` lock, like `ProjectLock`: the kernel drops it when the holder dies, and the
/// file is never deleted. The exclusive holder writes `"<pid> <command>"` into it for the
/// message others see. Owned by one command; not shared between tasks.
public final class CacheLock {
    /// The lock file.
    public let path: String
    private let sharing: CacheSharing
    private var descriptor: Int32 = -1
    private var heldExclusively = false

    /// A lock on the cache at `cacheRoot`, not yet acquired.
    public init(cacheRoot: String, sharing: CacheSharing) {
        path = cacheRoot + "/lock"
        self.sharing = sharing
    }

    deinit { release() }

    /// Takes the lock (`exclusive` for gc), retrying for up to `seconds`.
    /// - Throws: `LockError` naming the cache (and the exclusive holder, when one is known).
    public func acquire(exclusive: Bool, wait seconds: Double, command: String) throws(LockError) {
        if descriptor >= 0 { return }
        let fd: Int32
        do {
            fd = try Syscall.open(path, .readWriteCreating, mode: sharing.writableFileMode)
        } catch {
            throw LockError(path: path, message: error.message, hint: error.hint)
        }
        sharing.widen(file: fd, path: path)
        let deadline = Syscall.monotonicSeconds() + max(0, seconds)
        while true {
            do {
                let locked = exclusive ? try Syscall.tryLockExclusive(fd, path: path) : try Syscall.tryLockShared(fd, path: path)
                if locked { break }
            } catch {
                Syscall.close(fd)
                throw LockError(path: path, message: "flock failed: \(FileSystemError.describe(errno: error.code))")
            }
            let now = Syscall.monotonicSeconds()
            if now >= deadline {
                let holder = exclusive ? nil : ProjectLock.holder(fd)
                Syscall.close(fd)
                throw busy(exclusive: exclusive, holder: holder, waited: seconds)
            }
            Syscall.sleep(seconds: min(ProjectLock.pollInterval, deadline - now))
        }
        descriptor = fd
        heldExclusively = exclusive
        if exclusive {
            Syscall.overwrite(fd, with: Array("\(Syscall.processID) \(command)\n".utf8))
        }
    }

    /// Releases the lock (also done on deinit and by the kernel if the process dies).
    public func release() {
        guard descriptor >= 0 else { return }
        // Clear the note first so nobody is told about a holder that has gone.
        if heldExclusively { Syscall.overwrite(descriptor, with: []) }
        Syscall.unlock(descriptor)
        Syscall.close(descriptor)
        descriptor = -1
    }

    private func busy(exclusive: Bool, holder: (pid: Int32, command: String)?, waited seconds: Double) -> LockError {
        let waitedText = seconds > 0 ? " after waiting \(ProjectLock.format(seconds)) s" : ""
        let hint = "wait for it to finish, or pass `--wait SECONDS` to wait longer"
        let cache = Syscall.directoryName(of: path)
        if exclusive {
            return LockError(path: path, message: "the cache at \(cache) is in use by another mlx command (of this or another project)\(waitedText)",
                             hint: hint)
        }
        guard let holder else {
            return LockError(path: path, message: "the cache at \(cache) is locked by another mlx process\(waitedText)", hint: hint)
        }
        return LockError(path: path, holderPID: holder.pid, holderCommand: holder.command,
                         message: "the cache at \(cache) is locked by pid \(holder.pid) (`\(holder.command)`)\(waitedText)", hint: hint)
    }
}
