internal import CSyscall
import Glibc

/// This process, the processes it starts, terminals and `flock`.
extension Syscall {
    /// This process's id.
    static var processID: Int32 { getpid() }

    /// The soft `RLIMIT_NOFILE` (`getrlimit`), or nil when it cannot be read; unlimited is `Int.max`.
    static func openFileLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        // RLIM_INFINITY is all ones, which clamps to Int.max.
        return Int(clamping: limit.rlim_cur)
    }

    /// This machine's host name, as `gethostname` gives it (empty when it fails).
    static func hostName() -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = gethostname(&buffer, buffer.count - 1)
        return buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    }

    /// Clock ticks per second, the unit of `/proc/<pid>/stat`'s times.
    static var clockTicksPerSecond: Int64 { Int64(sysconf(Int32(_SC_CLK_TCK))) }

    /// Whether a process `pid` exists (`kill(pid, 0)`); one that cannot be signalled still does.
    static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Whether `pid` exists and has not ended: a zombie (ended, not yet waited for by its
    /// parent, which may be a container's init that never waits) counts as ended.
    static func processIsRunning(_ pid: Int32) -> Bool {
        guard processExists(pid) else { return false }
        guard let stat = try? readFile("/proc/\(pid)/stat", limit: 4096),
              let close = stat.lastIndex(of: UInt8(ascii: ")")), close + 2 < stat.count else { return true }
        return ![UInt8(ascii: "Z"), UInt8(ascii: "X")].contains(stat[close + 2])
    }

    /// The descriptors every process starts with.
    static let standardInput = STDIN_FILENO
    static let standardOutput = STDOUT_FILENO
    static let standardError = STDERR_FILENO

    /// Whether `fd` is a terminal (`isatty`).
    static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// The width in columns of the terminal at `fd`, or nil when it is not a terminal.
    static func terminalColumns(_ fd: Int32) -> Int? {
        let columns = Int(mlx_terminal_columns(fd))
        return columns > 0 ? columns : nil
    }

    /// Writes `text` to standard error at once, unbuffered: from the thread that ends the
    /// process after a signal, where nothing else will flush.
    static func writeToStandardError(_ text: String) {
        var text = text
        _ = text.withUTF8 { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Takes the exclusive `flock` on `fd` without waiting; false while another holder has it.
    static func tryLockExclusive(_ fd: Int32, path: String) throws(FileSystemError) -> Bool {
        try injectedFault("flock", path)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return false }
            throw fail("flock", path, code: code)
        }
        return true
    }

    /// Takes the shared `flock` on `fd` without waiting; false while an exclusive holder has it.
    static func tryLockShared(_ fd: Int32, path: String) throws(FileSystemError) -> Bool {
        try injectedFault("flock", path)
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return false }
            throw fail("flock", path, code: code)
        }
        return true
    }

    /// Releases the `flock` on `fd`.
    static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
    }

    /// Starts `arguments[0]` (a path, or a name looked up on PATH) with `arguments` and `environment` (`KEY=value`) in `directory`
    /// with `posix_spawn`; stdin is `/dev/null`, stdout goes to our stderr when
    /// `stdoutToStderr`. The child leads a process group of its own, starts with no signal
    /// blocked and `defaultSignals` back at their default actions. With `output`, stdout and
    /// stderr both go to that file (created, or appended to); with `errors` too, stderr goes
    /// there instead. Returns its pid.
    static func spawn(_ arguments: [String], environment: [String], in directory: String, stdoutToStderr: Bool,
                      defaultSignals: [Int32], output: String? = nil, errors: String? = nil) throws(FileSystemError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        if let output {
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            if let errors {
                posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            } else {
                posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
            }
        } else if stdoutToStderr {
            posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO)
        }
        var arguments = arguments
        if let addchdir = addChdir {
            let code = directory.withCString { addchdir(&actions, $0) }
            if code != 0 { throw FileSystemError(path: directory, operation: "posix_spawn_file_actions_addchdir_np", code: code) }
        } else {
            // Older C libraries: let a first shell change folder, then run the command.
            arguments = ["/bin/sh", "-c", "cd -- \"$0\" && shift && exec \"$@\"", directory, "--"] + arguments
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in defaultSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        try injectedFault("posix_spawn", arguments[0])
        var pid: pid_t = 0
        // A bare name is looked up on PATH by the C library, as a shell would, without
        // starting `env` to do it (one exec fewer: ~12 ms of a queued experiment's git call).
        let code = arguments[0].contains("/")
            ? posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        if code != 0 { throw FileSystemError(path: arguments[0], operation: "posix_spawn", code: code) }
        return pid
    }

    /// Waits for the child `pid` to end (`block`), or returns nil at once while it runs; the
    /// result is the raw wait status. `path` names the program in errors.
    static func waitForChild(_ pid: Int32, block: Bool, path: String) throws(FileSystemError) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, block ? 0 : WNOHANG)
            if result == pid { return status }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            throw fail("waitpid", path)
        }
    }

    /// Whether the child `pid` has not ended yet, leaving its exit status for whoever waits
    /// for it (`WNOWAIT`); a child already reaped has ended.
    static func childIsRunning(_ pid: Int32) -> Bool {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        if result != 0 { return errno == EINTR }
        return info._sifields._sigchld.si_pid == 0
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does
    /// not declare (it sits behind `_GNU_SOURCE`).
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()
}
