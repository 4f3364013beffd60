/// Files that may hold credentials (`.mlx/config.local`) and so must be readable and writable by
/// their owner only (mode 0600), as ssh and the AWS tools keep theirs.
public enum PrivateFile {
    /// Owner read and write, nothing for group and others.
    public static let mode: Int = 0o600

    /// What ``tighten(_:)`` found and did, worded for a one-line warning.
    public struct Repair: Sendable, Equatable, CustomStringConvertible {
        public let path: String
        /// The permission bits the file had.
        public let previousMode: Int
        /// Why the mode could not be changed; `nil` when it now is 0600.
        public let failure: String?

        public var description: String {
            let found = "\(path) had mode \(Self.octal(previousMode)), open to group or others"
            guard let failure else {
                return "\(found); changed it to \(Self.octal(PrivateFile.mode)), as it may hold credentials"
            }
            return "\(found), and it cannot be changed to \(Self.octal(PrivateFile.mode)) (\(failure)); it may hold credentials"
        }

        private static func octal(_ mode: Int) -> String {
            let digits = String(mode, radix: 8)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    /// Makes `path` owner-only when group or others have any access to it.
    ///
    /// Returns `nil` when there was nothing to do: the file is missing, already private, or not
    /// a regular file. A symlink is left alone, so that a cloned repository cannot make mlx
    /// change the mode of whatever file its link names.
    public static func tighten(_ path: String) -> Repair? {
        // lstat: cheap enough for every command, and it does not follow a symlink.
        guard let stat = try? FileStat(path: path), stat.isRegular, stat.permissions & 0o077 != 0 else { return nil }
        let previous = Int(stat.permissions)
        do {
            try Syscall.chmod(path, UInt32(mode))
        } catch {
            return Repair(path: path, previousMode: previous, failure: FileSystemError.describe(errno: error.code))
        }
        return Repair(path: path, previousMode: previous, failure: nil)
    }
}
