import Foundation

/// One stage command running as `$SHELL -c CMD` (else `/bin/sh`) in the stage's folder, started with
/// `posix_spawn` so several can run at once without threads, and waited for by pid only
/// (never `waitpid(-1)`, which could reap another part of the process's children).
struct StageProcess {
    let pid: Int32

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
        let environment = ProcessInfo.processInfo.environment
        let shell = StageProcess.shellArguments(for: command, shell: environment["SHELL"])
        // mlx blocks the signals it handles (`Interruption`); the command starts with none
        // blocked and their default actions, as it would from a shell. It leads a process group
        // of its own, so that `Interruption` can pass a signal to everything it started (a
        // shell's children too) exactly once, however the signal reached mlx.
        let pid = try Interruption.startChild { () throws -> Int32 in
            try Syscall.spawn(shell, environment: environment.map { "\($0.key)=\($0.value)" }, in: directory,
                              stdoutToStderr: stdoutToStderr, defaultSignals: Interruption.handled + [Syscall.Signal.brokenPipe])
        }
        return StageProcess(pid: pid)
    }

    /// Waits for the command to end (`block`), or returns nil at once when it is still running.
    func wait(block: Bool) throws -> Exit? {
        guard let status = try Syscall.waitForChild(pid, block: block, path: "/bin/sh") else { return nil }
        Interruption.ended(pid)
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
        let signal = status & 0x7F
        if signal == 0 { return .status((status >> 8) & 0xFF) }
        return .signal(signal)
    }
}
