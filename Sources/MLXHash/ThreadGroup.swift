#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Threads of their own for blocking work (reads, hashing, requests that block in libcurl),
/// joined before the group ends. All work that fans out to threads and waits for them uses this one type;
/// it lives in the lowest Swift module so that every other module can.
///
/// Why not Foundation's `Thread`: it keeps its closure until the thread's own teardown, after
/// whatever group or semaphore the closure signalled. The caller then returns while a thread
/// still holds the last reference to what the closure captured. With an SSH remote captured,
/// that thread closed the SFTP sessions while the main thread was already in `exit`, whose
/// handler had freed OpenSSL's locks: a segfault after the command had done its work (1 run in
/// about 60 of `status --cloud`). Joined threads release what they captured before the group
/// ends, on the caller's thread.
public struct ThreadGroup: ~Copyable {
    private var threads: [pthread_t] = []
    private var bodies: [Unmanaged<ThreadBody>] = []

    /// Starts `body(i)` for every `i` in `0..<count`, each on a new thread with `stackSize`
    /// bytes of stack (by default the system's). A thread the system refuses to create runs its
    /// body here instead.
    public init(count: Int, stackSize: Int? = nil, _ body: @escaping @Sendable (Int) -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        for index in 0..<max(0, count) {
            let context = Unmanaged.passRetained(ThreadBody { body(index) })
            var thread = pthread_t()
            let started = pthread_create(&thread, &attributes, { context in
                Unmanaged<ThreadBody>.fromOpaque(context!).takeUnretainedValue().run()
                return nil
            }, context.toOpaque())
            if started == 0 {
                threads.append(thread)
                bodies.append(context)
            } else {
                context.takeRetainedValue().run()
            }
        }
    }

    /// Runs `body(i)` for every `i` in `0..<count` on threads of their own, the calling thread
    /// taking `0`, and returns when every thread has ended.
    public static func run(count: Int, stackSize: Int? = nil, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let others = ThreadGroup(count: count - 1, stackSize: stackSize) { body($0 + 1) }
        body(0)
        others.join()
    }

    /// Waits until every thread has ended (ending the group's lifetime; `deinit` does the work).
    public consuming func join() {}

    deinit {
        for thread in threads { pthread_join(thread, nil) }
        for body in bodies { body.release() }
    }
}

/// A thread's work, boxed to cross `pthread_create`'s one pointer.
private final class ThreadBody {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}
