#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One stage command running as `$SHELL -c CMD` (else `/bin/sh`) in the stage's folder, started with
/// `posix_spawn` so several can run at once without threads, and waited for by pid only
/// (never `waitpid(-1)`, which could reap another part of the process's children).
struct StageProcess {
    let pid: pid_t

    /// The shell's argv for `command`, as DVC runs stage commands: `$SHELL` when set (bash and
    /// zsh without their startup files, which could change the environment), else `/bin/sh`.
    /// A command of several lines stops at the first line that fails (`set -e`), where the shell
    /// would otherwise go on and report only the last line's status; `set -e` is only given to
    /// shells of the sh family, where it means that.
    static func shellArguments(for command: String, shell: String?) -> [String] {
        let executable = shell.flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"
        let name = executable.split(separator: "/").last.map(String.init) ?? executable
        let options: [String] = switch name {
        case "bash": ["--noprofile", "--norc"]
        case "zsh": ["--no-rcs"]
        default: []
        }
        let shFamily = ["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "busybox"].contains(name)
        let multiLine = command.trimmingCharacters(in: .whitespacesAndNewlines).contains("\n")
        return [executable] + options + ["-c", shFamily && multiLine ? "set -e\n" + command : command]
    }

    /// How a command ended.
    enum Exit: Equatable {
        case status(Int32)
        case signal(Int32)
    }

    /// Starts `command` in `directory` (absolute); its stdout goes to our stderr when
    /// `stdoutToStderr` (so `--json` keeps stdout clean), stdin is `/dev/null`.
    static func spawn(_ command: String, in directory: String, stdoutToStderr: Bool) throws -> StageProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        if stdoutToStderr { posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO) }
        let shell = StageProcess.shellArguments(for: command, shell: ProcessInfo.processInfo.environment["SHELL"])
        var arguments = shell
        if let addchdir = addChdir {
            let code = directory.withCString { addchdir(&actions, $0) }
            if code != 0 { throw FileSystemError(path: directory, operation: "posix_spawn_file_actions_addchdir_np", code: code) }
        } else {
            // Older C libraries: let a first shell change folder, then run the command.
            arguments = ["/bin/sh", "-c", "cd -- \"$0\" && shift && exec \"$@\"", directory, "--"] + shell
        }
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // mlx blocks the signals it handles (`Interruption`); the command starts with none
        // blocked and their default actions, as it would from a shell. It leads a process group
        // of its own, so that `Interruption` can pass a signal to everything it started (a
        // shell's children too) exactly once, however the signal reached mlx.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Interruption.handled + [SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let pid = try Interruption.startChild { () throws -> pid_t in
            var pid: pid_t = 0
            let code = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
            if code != 0 { throw FileSystemError(path: arguments[0], operation: "posix_spawn", code: code) }
            return pid
        }
        return StageProcess(pid: pid)
    }

    /// Waits for the command to end (`block`), or returns nil at once when it is still running.
    func wait(block: Bool) throws -> Exit? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, block ? 0 : WNOHANG)
            if result == pid {
                Interruption.ended(pid)
                break
            }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            throw FileSystemError(path: "/bin/sh", operation: "waitpid", code: errno)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
        let signal = status & 0x7F
        if signal == 0 { return .status((status >> 8) & 0xFF) }
        return .signal(signal)
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does
    /// not declare (it sits behind `_GNU_SOURCE`).
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()
}
