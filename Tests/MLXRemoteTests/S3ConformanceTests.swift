import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` rules (`RemoteConformance`) held against S3Remote on moto, once with
/// plain PUTs and once with every object above the 5 MiB minimum part size going up in parts.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
struct S3ConformanceTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func conformance(_ check: RemoteConformance.Case) throws {
        try RemoteConformance.run(check, on: try makeS3Remote())
    }

    @Test(arguments: RemoteConformance.Case.allCases)
    func conformanceWithoutAPrefixAndSignedPayloads(_ check: RemoteConformance.Case) throws {
        try RemoteConformance.run(check, on: try makeS3Remote(prefix: "") { $0.payloadSigning = .always })
    }
}
