internal import CGit2
internal import CGitCertificates

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

    /// Loads the certificate authorities libgit2 checks HTTPS servers against, which mlx keeps
    /// it from parsing at start-up (`certificates.c`: half of every command's start-up CPU);
    /// once, before the first fetch over HTTPS. Until then libgit2 refuses every certificate.
    ///
    /// - Throws: ``GitError`` when the bundle cannot be read.
    public static func loadCertificates() throws {
        initialize()
        do {
            try check(mlx_git_load_certificates(), "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)")
        } catch let failure as LibGit2Failure {
            throw GitError(failure, while: "cannot load the certificate authorities for HTTPS")
        }
    }

    /// Whether start-up skipped parsing the certificate authorities (``loadCertificates()``
    /// parses them when needed).
    static var certificatesDeferred: Bool { mlx_git_certificates_deferred() != 0 }

    /// How many times a certificate bundle was really parsed (tests).
    static var certificateLoads: Int { Int(mlx_git_certificate_loads()) }

    /// The version of the libgit2 mlx runs with (`git_libgit2_version`), such as `1.5.1`.
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
