import Foundation
import Glibc
import Synchronization

/// Held around every change of the umask in this process, and around reads that must not
/// see one.
private let fileCreationMaskLock = Mutex(())

extension Syscall {
    /// Runs `body` with the process's file-creation mask (`umask(2)`) set to `mask`, or left as
    /// it is for nil, and passes it the mask in force. The mask is process-wide: a change
    /// (config.local is written under 077, so libgit2's lock file is owner-only from its first
    /// byte) reaches files other threads create meanwhile, so every change, and every check
    /// that must not see one, goes through this one lock.
    public static func withFileCreationMask<T>(_ mask: UInt32?, _ body: (_ mask: UInt32) throws -> T) throws -> T {
        try fileCreationMaskLock.withLock { _ in
            guard let mask else { return try body(currentFileCreationMask()) }
            let previous = umask(mode_t(mask))
            defer { umask(previous) }
            return try body(mask)
        }
    }

    /// The umask as `/proc/self/status` reports it: read without setting it, which `umask(2)`
    /// alone cannot do.
    private static func currentFileCreationMask() -> UInt32 {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("Umask:") {
            if let mask = UInt32(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) { return mask }
        }
        return 0o022
    }
}
