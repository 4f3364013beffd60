import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` cases, against every remote that needs no server.
@Suite struct RemoteConformanceTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func memoryRemote(_ check: RemoteConformance.Case) throws {
        try RemoteConformance.run(check, on: MemoryRemote())
    }

    @Test(arguments: RemoteConformance.Case.allCases)
    func localRemote(_ check: RemoteConformance.Case) throws {
        let folder = TemporaryDirectory("mlx-local-remote")
        try RemoteConformance.run(check, on: LocalRemote(root: folder.appending("store"), name: "local"))
    }
}
