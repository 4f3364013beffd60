import Synchronization

/// The one place that names mlx's temporary files and remembers which ones this process has
/// created and not yet renamed or deleted, so an interrupted command can remove them
/// (`Interruption`) and a later one can tell an abandoned temporary from a live one (`sweep`).
///
/// Names are `.mlx-tmp-<host>-<pid>-<random>`: `<host>` is 8 hex digits of a hash of the host
/// name and `<pid>` the decimal process id, so a sweep on this machine can ask whether the
/// writer still runs; another machine's temporaries (a shared folder remote on NFS) are judged
/// by age instead.
public enum TemporaryFiles {
    /// Prefix of every temporary file mlx creates.
    public static var prefix: String { AtomicFile.temporaryPrefix }

    /// A fresh temporary path in `folder`.
    public static func path(in folder: String) -> String {
        let name = processPrefix + String(sequence.wrappingAdd(1, ordering: .relaxed).oldValue, radix: 16)
        return folder == "/" ? "/" + name : folder + "/" + name
    }

    /// `.mlx-tmp-<host>-<pid>-`, computed once: `getpid` is a system call, and adding or
    /// pulling 10,000 files names 20,000 temporaries.
    private static let processPrefix = prefix + hostTag + "-" + String(Syscall.processID) + "-"

    /// The `<random>` part: a counter from a random start, so names stay unguessable from
    /// outside the process at one `getrandom` per process instead of one per file. (Guessing
    /// would not hurt anyway: temporaries are created with O_EXCL and never followed.)
    private static let sequence = Atomic<UInt64>(UInt64.random(in: 0...UInt64.max))

    /// Whether the last component of `path` is a temporary's name.
    public static func isTemporary(_ path: String) -> Bool {
        let bytes = path.utf8
        let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return bytes[start...].starts(with: prefix.utf8)
    }

    /// Runs `create`, which makes the file at `path`, remembering `path` first when it is a
    /// temporary's name. Once the process is being interrupted nothing new is created: the
    /// calling thread stops here for good (the process is about to exit), so no temporary can
    /// appear after `Interruption` removed them.
    public static func creating<T, E: Error>(_ path: String, _ create: () throws(E) -> T) throws(E) -> T {
        guard isTemporary(path) else { return try create() }
        let stripe = stripe(of: path)
        let admitted = stripe.state.withLock { state in
            if state.terminating { return false }
            state.paths.insert(path)
            state.creating += 1
            return true
        }
        if !admitted { waitForExit() }
        defer {
            // The caller may read errno after the creating call; the lock must not change it.
            Syscall.preservingErrno { stripe.state.withLock { $0.creating -= 1 } }
        }
        return try create()
    }

    /// Forgets `path` after it was renamed into place or deleted.
    public static func forget(_ path: String) {
        guard isTemporary(path) else { return }
        _ = stripe(of: path).state.withLock { $0.paths.remove(path) }
    }

    /// Stops all further creation, waits for creations already under way, then deletes every
    /// temporary this process still has; returns how many were deleted. For `Interruption`.
    static func removeAllBeforeExit() -> Int {
        // Every stripe first, so that no creation is admitted anywhere while one is emptied.
        stopCreating()
        var count = 0
        for stripe in stripes {
            while true {
                let removed: Int? = stripe.state.withLock { state in
                    guard state.creating == 0 else { return nil }
                    var count = 0
                    for path in state.paths where Syscall.unlinkForgotten(path) { count += 1 }
                    state.paths.removeAll()
                    return count
                }
                if let removed {
                    count += removed
                    break
                }
                Syscall.sleep(seconds: 0.001)
            }
        }
        return count
    }

    /// The temporaries this process has created and not yet renamed or deleted.
    static var remembered: Set<String> {
        stripes.reduce(into: Set<String>()) { all, stripe in all.formUnion(stripe.state.withLock { $0.paths }) }
    }

    /// Makes every later `creating` wait for the exit (see `creating`).
    static func stopCreating() {
        for stripe in stripes { stripe.state.withLock { $0.terminating = true } }
    }

    /// Blocks the calling thread until the process exits.
    static func waitForExit() -> Never {
        while true { Syscall.sleep(seconds: 60) }
    }

    private struct State {
        var paths = Set<String>()
        var creating = 0
        var terminating = false
    }

    /// The state in 16 stripes, each under its own lock: with one lock, 32 threads pulling
    /// small objects spent more CPU waiting for it than on anything else of mlx's own (perf:
    /// 2.5 % of a 10,000-object pull). A name's last hex digit (the counter's) picks its stripe,
    /// so consecutive temporaries go to different ones.
    private final class Stripe: Sendable {
        let state = Mutex(State())
    }

    private static let stripes = (0..<16).map { _ in Stripe() }

    private static func stripe(of path: String) -> Stripe {
        let last = path.utf8.last ?? 0
        let digit = last >= UInt8(ascii: "a") ? last &- UInt8(ascii: "a") &+ 10 : last &- UInt8(ascii: "0")
        return stripes[Int(digit & 15)]
    }

    /// 8 hex digits of the FNV-1a hash of this machine's host name.
    static let hostTag: String = {
        var hash: UInt32 = 0x811C_9DC5
        for byte in Syscall.hostName() {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }()
}
