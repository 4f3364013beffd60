import Foundation
import Synchronization

/// What mlx does on SIGINT, SIGTERM and SIGHUP (SPEC §8): pass the signal on to the stage
/// commands it runs (each leads its own process group, which gets the signal once, whether it
/// came from the terminal or from kill(1)) and wait for them, abort S3 multipart uploads in
/// flight (best effort, a few seconds at most), delete this process's own temporaries, and
/// exit 128 + the signal number (130, 143, 129).
///
/// Why a thread that waits with `sigwaitinfo` rather than a signal handler: a handler may only
/// make async-signal-safe calls, so it could not take the lock that guards the list of
/// temporaries, wait for children, or send an HTTP request; it would need a lock-free list of
/// pre-encoded C strings and would still race with threads creating files. The signals are
/// blocked in every thread (the mask is set before any thread starts and threads inherit it), so
/// only this thread ever receives them, and it runs ordinary Swift code: it stops new
/// temporaries from being created, waits for the ones being created, and deletes them all.
public enum Interruption {
    /// SIGINT, SIGTERM and SIGHUP, less those mlx was started with ignored: a background job
    /// of a script ignores SIGINT, and `nohup` SIGHUP, and mlx keeps to that (so do its stages).
    static let handled: [Int32] = [Syscall.Signal.interrupt, Syscall.Signal.terminate, Syscall.Signal.hangUp].filter {
        !Syscall.isIgnored($0)
    }

    /// Blocks the handled signals and starts the thread that waits for them. Call first thing
    /// in `main`, before anything starts a thread.
    public static func install() {
        guard !handled.isEmpty else { return }
        Syscall.block(handled)
        let thread = Thread { waitForSignals() }
        thread.name = "mlx-signals"
        thread.start()
    }

    /// Exits with `status`, unless a signal is being handled: then the signal's status wins and
    /// the handling thread exits once its clean-up is done.
    public static func exit(_ status: Int32) -> Never {
        if state.withLock({ $0.terminating }) { TemporaryFiles.waitForExit() }
        Syscall.exit(status)
    }

    /// Starts a child process with `spawn` (which returns its pid) and remembers it, so that a
    /// signal is passed on to it; call `ended` once it has been waited for. Nothing is started
    /// once the process is being interrupted.
    static func startChild(_ spawn: () throws -> Int32) rethrows -> Int32 {
        // Spawned under the lock, so a signal either finds the child registered or stops the spawn.
        let pid: Int32? = try state.withLock { state in
            if state.terminating { return nil }
            let pid = try spawn()
            state.children.insert(pid)
            return pid
        }
        guard let pid else { TemporaryFiles.waitForExit() }
        return pid
    }

    /// Forgets a child that has been waited for.
    static func ended(_ pid: Int32) {
        _ = state.withLock { $0.children.remove(pid) }
    }

    /// Registers `action` to run if the process is interrupted while it is registered (aborting
    /// an S3 multipart upload); returns a token for `remove`. Once the process is being
    /// interrupted, `action` runs at once and the calling thread waits for the exit.
    public static func onInterrupt(_ action: @escaping @Sendable () -> Void) -> Int {
        let token: Int? = state.withLock { state in
            if state.terminating { return nil }
            state.nextToken += 1
            state.actions[state.nextToken] = action
            return state.nextToken
        }
        guard let token else {
            action()
            TemporaryFiles.waitForExit()
        }
        return token
    }

    /// Waits for the exit when the process is being interrupted: for work that should not
    /// start then (a retried upload).
    public static func stopIfInterrupted() {
        if state.withLock({ $0.terminating }) { TemporaryFiles.waitForExit() }
    }

    /// Unregisters an action added with `onInterrupt`.
    public static func remove(_ token: Int) {
        _ = state.withLock { $0.actions.removeValue(forKey: token) }
    }

    /// How long the actions registered with `onInterrupt` may take, together.
    static let actionTimeLimit: Double = 3

    private struct State {
        var terminating = false
        var children = Set<Int32>()
        var actions: [Int: @Sendable () -> Void] = [:]
        var nextToken = 0
    }

    private static let state = Mutex(State())

    private static func waitForSignals() -> Never {
        let signal = Syscall.waitForSignal(handled)
        let (children, actions) = state.withLock { state in
            state.terminating = true
            return (state.children, Array(state.actions.values))
        }
        TemporaryFiles.stopCreating()
        if !children.isEmpty {
            for child in children { Syscall.signalGroup(of: child, signal) }
            waitFor(children)
        }
        runWithTimeLimit(actions)
        _ = TemporaryFiles.removeAllBeforeExit()
        // Ends the progress line a terminal may be showing, so the shell prompt starts clean.
        if Syscall.isTerminal(Syscall.standardError) { Syscall.writeToStandardError("\n") }
        Syscall.exitImmediately(128 + signal)
    }

    /// Waits until every child has ended; a second signal meanwhile kills them (SIGKILL).
    private static func waitFor(_ children: Set<Int32>) {
        var running = children
        while !running.isEmpty {
            running = running.filter(Syscall.childIsRunning)
            if running.isEmpty { break }
            if Syscall.waitForSignal(handled, seconds: 0.01) {
                for child in running { Syscall.signalGroup(of: child, Syscall.Signal.kill) }
            }
        }
    }

    private static func runWithTimeLimit(_ actions: [@Sendable () -> Void]) {
        guard !actions.isEmpty else { return }
        let done = DispatchGroup()
        for action in actions {
            done.enter()
            Thread {
                action()
                done.leave()
            }.start()
        }
        _ = done.wait(timeout: .now() + actionTimeLimit)
    }
}
