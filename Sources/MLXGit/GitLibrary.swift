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
}
