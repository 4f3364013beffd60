import MLXCore

extension MLXConfig {
    /// Runs a write to the file of `level` (`git_config_open_level`, as ``withLevel(_:file:_:)``)
    /// so that `.mlx/config.local`, which holds credentials, comes out owner-only (0600).
    ///
    /// libgit2 writes each change to `<file>.lock`, created with mode 0666 less the umask, and
    /// renames it over the file: every write would make the file 0644 again, and a later
    /// `chmod` would leave it readable by others for a moment. A umask of 077 during the write
    /// makes the lock file 0600 from its first byte. The umask is process-wide, so it is set only
    /// around the write, in commands that create no other file meanwhile.
    func withWritableLevel(_ level: ConfigLevel, file: String, _ body: @Sendable (OpaquePointer) throws -> Void) throws {
        guard level == .local else { return try withLevel(level, file: file, body) }
        try Syscall.withFileCreationMask(0o077) { _ in try withLevel(level, file: file, body) }
    }
}
