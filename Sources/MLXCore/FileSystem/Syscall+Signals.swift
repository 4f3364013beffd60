import Glibc

/// Signals, for `Interruption`, and ending the process.
extension Syscall {
    /// The signal numbers mlx handles or sends.
    enum Signal {
        static let interrupt = SIGINT
        static let terminate = SIGTERM
        static let hangUp = SIGHUP
        static let brokenPipe = SIGPIPE
        static let kill = SIGKILL
    }

    /// Whether `signal` is ignored, as a background job or `nohup` starts a process.
    static func isIgnored(_ signal: Int32) -> Bool {
        var current = sigaction()
        sigaction(signal, nil, &current)
        // SIG_IGN is the handler whose address is 1; Swift cannot import the macro.
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1
    }

    /// Blocks `signals` in the calling thread, and so in every thread it starts afterwards.
    static func block(_ signals: [Int32]) {
        var set = signalSet(signals)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits until one of `signals` (blocked) arrives and returns it.
    static func waitForSignal(_ signals: [Int32]) -> Int32 {
        var set = signalSet(signals)
        var signal: Int32 = -1
        while signal < 0 {
            signal = sigwaitinfo(&set, nil)
        }
        return signal
    }

    /// Waits up to `seconds` for one of `signals` (blocked); returns whether one arrived.
    static func waitForSignal(_ signals: [Int32], seconds: Double) -> Bool {
        var set = signalSet(signals)
        var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        return sigtimedwait(&set, nil, &pause) > 0
    }

    /// Sends `signal` to the process group that `leader` leads.
    static func signalGroup(of leader: Int32, _ signal: Int32) {
        kill(-leader, signal)
    }

    /// Sends `signal` to the process `pid` alone.
    static func signalProcess(_ pid: Int32, _ signal: Int32) {
        kill(pid, signal)
    }

    /// Ends the process after flushing stdio, as `exit(3)`.
    static func exit(_ status: Int32) -> Never {
        Glibc.exit(status)
    }

    /// Ends the process at once, without running anything else (`_exit`): for the thread that
    /// handles a signal while other threads may still be running.
    static func exitImmediately(_ status: Int32) -> Never {
        _exit(status)
    }

    private static func signalSet(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }
}
