internal import CGit2

/// Process-wide libgit2 set-up.
public enum GitLibrary {
    // A lazily initialised static runs its initialiser exactly once, even under concurrent
    // first use, which is what `git_libgit2_init` needs; libgit2 is never shut down because
    // handles may live until the process exits.
    private static let initialized: Bool = {
        git_libgit2_init() > 0
    }()

    /// Initialises libgit2 (`git_libgit2_init`) once per process; later calls do nothing.
    ///
    /// Every MLXGit entry point calls this itself, so callers need it only to pay the cost early.
    public static func initialize() {
        _ = initialized
    }

    /// The version of the libgit2 mlx runs with (`git_libgit2_version`), such as `1.5.1`.
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
