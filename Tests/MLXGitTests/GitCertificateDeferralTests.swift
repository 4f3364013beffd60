@testable import MLXGit
import Testing

/// libgit2 parses the system's certificate authorities when an HTTPS fetch first needs them,
/// not at start-up, where they took half of every command's CPU (certificates.c).
@Suite struct GitCertificateDeferralTests {
    @Test func startUpLeavesTheBundleForTheFirstHTTPSFetchWhichParsesItOnce() throws {
        GitLibrary.initialize()
        // Debian's libgit2 names a bundle at init; mlx kept it instead of parsing it.
        #expect(GitLibrary.certificatesDeferred)
        try GitLibrary.loadCertificates()
        try GitLibrary.loadCertificates()
        #expect(GitLibrary.certificateLoads == 1)
    }
}
