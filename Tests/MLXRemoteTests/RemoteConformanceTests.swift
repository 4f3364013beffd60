import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` cases, against the folder remote (`MemoryRemoteTests`,
/// `S3ConformanceTests` and `RcloneConformanceTests` run them against the others). An
/// interrupted upload leaves what a killed writer leaves (half the bytes under a temporary
/// name), and corruption flips a byte of the file on disk.
@Suite struct RemoteConformanceTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func localRemote(_ check: RemoteConformance.Case) throws {
        let folder = TemporaryDirectory("mlx-local-remote")
        let root = folder.appending("store")
        let faults = RemoteConformance.Faults(interruptUpload: RemoteConformance.Faults.leaveHalfWrittenTemporary(in: root),
                                              corrupt: RemoteConformance.Faults.flipByteOnDisk(in: root))
        try RemoteConformance.run(check, on: LocalRemote(root: root, name: "local"), faults: faults)
    }
}
