import Foundation

/// Runs another program to completion (git, for what libgit2 cannot do) and hands back what it
/// printed. `posix_spawn` and a blocking `waitpid` on its pid: Foundation's `Process` waits by
/// polling a run loop every 50 ms, which made each `git worktree add` of a queued experiment
/// cost half again its own time.
public enum ExternalCommand {
    /// How the program ended and what it printed.
    public struct Result: Sendable {
        /// The exit status; 128 + N when signal N ended it, as a shell reports it.
        public let status: Int32
        public let stdout: [UInt8]
        public let stderr: [UInt8]

        /// stderr as text, for messages.
        public var errorText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `program` (found on `PATH`) with `arguments` in `directory`, stdin from
    /// `/dev/null`, stdout and stderr collected through temporary files (no pipe to drain
    /// while it runs, so any amount of output is safe).
    ///
    /// - Throws: ``FileSystemError`` when it cannot be started or waited for.
    public static func run(_ program: String, _ arguments: [String], in directory: String) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.path
        let output = TemporaryFiles.path(in: scratch), errors = TemporaryFiles.path(in: scratch)
        defer {
            Syscall.unlinkIfPresent(output)
            Syscall.unlinkIfPresent(errors)
        }
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let pid = try Syscall.spawn([program] + arguments, environment: environment, in: directory,
                                    stdoutToStderr: false, defaultSignals: [], output: output, errors: errors)
        let status = try Syscall.waitForChild(pid, block: true, path: program) ?? 0
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        let read = { (path: String) in FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? [] }
        return Result(status: code, stdout: read(output), stderr: read(errors))
    }
}
