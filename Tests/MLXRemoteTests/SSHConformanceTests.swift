import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` rules (`RemoteConformance`) held against SSHRemote on a real OpenSSH
/// server on 127.0.0.1.
@Suite(.enabled(if: SSHServer.isAvailable, "needs sshd (apt-get install openssh-server)"))
struct SSHConformanceTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func conformance(_ check: RemoteConformance.Case) throws {
        try RemoteConformance.run(check, on: try SSHRemoteTests.makeRemote())
    }
}
