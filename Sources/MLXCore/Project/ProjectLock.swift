/// The exclusive lock that serialises writing operations on a project (`.mlx/tmp/lock`).
///
/// It is a `flock(2)` lock, so the kernel drops it when the holder exits or crashes: there is
/// no stale lock to clean up. After locking, the holder writes `"<pid> <command>"` into the file
/// so that a waiting process can say who is in the way. The file itself is never deleted
/// (deleting a flock file lets two processes lock two different inodes).
///
/// Owned by one command; not shared between tasks.
public final class ProjectLock {
    /// The lock file.
    public let path: String
    private var descriptor: Int32 = -1

    /// Where the lock lives inside a project.
    public static let relativePath = ".mlx/tmp/lock"

    /// How often a waiting process retries.
    static let pollInterval: Double = 0.05

    /// A lock on `path`, not yet acquired.
    public init(path: String) {
        self.path = path
    }

    /// A lock on `<projectRoot>/.mlx/tmp/lock`, not yet acquired.
    public convenience init(projectRoot: String) {
        self.init(path: projectRoot + "/" + ProjectLock.relativePath)
    }

    deinit { release() }

    /// Whether this object holds the lock.
    public var isHeld: Bool { descriptor >= 0 }

    /// Takes the lock, retrying for up to `seconds` (0: one attempt), then records this process
    /// as the holder. Throws a `LockError` naming the holder's pid and command when it stays busy.
    public func acquire(wait seconds: Double, command: String) throws(LockError) {
        if isHeld { return }
        do {
            try Syscall.makeDirectories(Syscall.directoryName(of: path))
        } catch {
            throw LockError(path: path, message: error.message, hint: error.hint)
        }
        let fd: Int32
        do {
            fd = try Syscall.open(path, .readWriteCreating, mode: 0o644)
        } catch {
            throw LockError(path: path, message: error.message, hint: error.hint)
        }
        let deadline = Syscall.monotonicSeconds() + max(0, seconds)
        while true {
            do {
                if try Syscall.tryLockExclusive(fd, path: path) { break }
            } catch {
                Syscall.close(fd)
                throw LockError(path: path, message: "flock failed: \(FileSystemError.describe(errno: error.code))")
            }
            let now = Syscall.monotonicSeconds()
            if now >= deadline {
                let holder = ProjectLock.holder(fd)
                Syscall.close(fd)
                throw busy(holder: holder, waited: seconds)
            }
            Syscall.sleep(seconds: min(ProjectLock.pollInterval, deadline - now))
        }
        descriptor = fd
        let line = "\(Syscall.processID) \(command.replacingNewlines())\n"
        // Best effort: the lock is what matters; the note only improves the message others see.
        Syscall.overwrite(fd, with: Array(line.utf8))
    }

    /// Releases the lock (also done on deinit and by the kernel if the process dies).
    public func release() {
        guard descriptor >= 0 else { return }
        // Clear the note first so nobody is told about a holder that has gone.
        Syscall.overwrite(descriptor, with: [])
        Syscall.unlock(descriptor)
        Syscall.close(descriptor)
        descriptor = -1
    }

    private func busy(holder: (pid: Int32, command: String)?, waited seconds: Double) -> LockError {
        let waitedText = seconds > 0 ? " after waiting \(ProjectLock.format(seconds)) s" : ""
        let hint = "wait for it to finish, or pass `--wait SECONDS` to wait longer"
        guard let holder else {
            return LockError(path: path, message: "the project is locked by another mlx process\(waitedText)", hint: hint)
        }
        return LockError(path: path, holderPID: holder.pid, holderCommand: holder.command,
                         message: "the project is locked by pid \(holder.pid) (`\(holder.command)`)\(waitedText)", hint: hint)
    }

    /// Reads `"<pid> <command>"` from the lock file, if the holder has written it yet.
    static func holder(_ fd: Int32) -> (pid: Int32, command: String)? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        guard let count = buffer.withUnsafeMutableBytes({ Syscall.read(fd, into: $0, at: 0) }), count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        let line = text.split(separator: "\n", maxSplits: 1).first ?? ""
        let parts = line.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let pid = Int32(first), pid > 0 else { return nil }
        return (pid, parts.count > 1 ? String(parts[1]) : "")
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

private extension String {
    func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
