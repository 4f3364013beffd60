import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` cases, against the folder remote (`MemoryRemoteTests` and
/// `S3ConformanceTests` run them against the others).
@Suite struct RemoteConformanceTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func localRemote(_ check: RemoteConformance.Case) throws {
        let folder = TemporaryDirectory("mlx-local-remote")
        try RemoteConformance.run(check, on: LocalRemote(root: folder.appending("store"), name: "local"))
    }
}
