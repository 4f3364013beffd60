#if DEBUG
import Synchronization

/// Making a chosen call fail, for crash tests: the one seam between MLXCore and the kernel is
/// also the one place a test can break. Debug builds only; release builds keep no trace of it.
extension Syscall {
    /// A failure a test asked for: `operation` (the C call's name, as errors spell it) on any
    /// path under `folder` fails with `code` before reaching the kernel.
    struct InjectedFault: Sendable {
        let operation: String
        let folder: String
        let code: Int32
    }

    /// Runs `body` with every `operation` call on a path under `folder` failing with `code`.
    /// Tests run in parallel, so a fault is scoped to a folder only that test uses.
    static func failing<T>(_ operation: String, under folder: String, with code: Int32,
                           _ body: () throws -> T) rethrows -> T {
        let fault = InjectedFault(operation: operation, folder: folder.hasSuffix("/") ? folder : folder + "/", code: code)
        faults.withLock { $0.append(fault) }
        faultCount.add(1, ordering: .sequentiallyConsistent)
        defer {
            faults.withLock { faults in
                if let index = faults.firstIndex(where: { $0.operation == fault.operation && $0.folder == fault.folder }) {
                    faults.remove(at: index)
                }
            }
            faultCount.subtract(1, ordering: .sequentiallyConsistent)
        }
        return try body()
    }

    /// Throws the failure a test injected for `operation` on `path`, if any.
    @inline(__always)
    static func injectedFault(_ operation: String, _ path: String) throws(FileSystemError) {
        guard faultCount.load(ordering: .relaxed) > 0 else { return }
        let code = faults.withLock { faults in
            faults.first { $0.operation == operation && path.hasPrefix($0.folder) }?.code
        }
        if let code { throw fail(operation, path, code: code) }
    }

    private static let faults = Mutex<[InjectedFault]>([])
    private static let faultCount = Atomic<Int>(0)
}
#else
extension Syscall {
    /// Release builds inject nothing: the check compiles away.
    @inline(__always)
    static func injectedFault(_ operation: String, _ path: String) throws(FileSystemError) {}
}
#endif
