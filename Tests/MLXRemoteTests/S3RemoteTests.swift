import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// S3Remote against moto's S3 on 127.0.0.1.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
struct S3RemoteTests {
    let scratch: TemporaryDirectory

    init() throws {
        scratch = TemporaryDirectory()
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try scratch.write(name, bytes)
    }

    /// What keeps a no-change `push --run-cache` to one listing: the listed ETag answers.
    @Test func theListedETagTellsWhetherAnObjectHoldsALocalFileWithoutADownload() throws {
        let remote = try makeS3Remote()
        let bytes = randomBytes(1000)
        let key = "runs/ab/entry"
        try remote.upload(try file("entry", bytes), size: Int64(bytes.count), to: key)
        let listed = try #require(try remote.list(prefix: "runs/").first)
        #expect(listed.etag?.count == 32)
        #expect(remote.holdsSameBytes(listed, as: try file("same", bytes)) == true)
        var changed = bytes
        changed[500] ^= 1
        #expect(remote.holdsSameBytes(listed, as: try file("changed", changed)) == false)
    }

    @Test func putHeadGetDeleteRoundTrip() throws {
        let remote = try makeS3Remote()
        let bytes = randomBytes(100_000)
        let source = try file("object", bytes)
        let key = "files/blake3/ab/cdef0123"

        #expect(try remote.size(of: key) == nil)
        try remote.upload(source, size: Int64(bytes.count), to: key)
        #expect(try remote.size(of: key) == Int64(bytes.count))
        let destination = scratch.appending("downloaded")
        try remote.download(key, to: destination)
        #expect(readFile(destination) == bytes)
        #expect(try remote.list(prefix: "files/").map { [$0.key: $0.size] } == [[key: Int64(bytes.count)]])

        try remote.delete(key)
        #expect(try remote.size(of: key) == nil)
        try remote.delete(key)  // deleting a missing key is not an error
        #expect(try remote.list(prefix: "").isEmpty)
    }

    @Test func emptyObjectRoundTrip() throws {
        let remote = try makeS3Remote()
        let source = try file("empty", [])
        try remote.upload(source, size: 0, to: "files/blake3/00/empty")
        #expect(try remote.size(of: "files/blake3/00/empty") == 0)
        let destination = scratch.appending("out")
        try remote.download("files/blake3/00/empty", to: destination)
        #expect(readFile(destination).isEmpty)
    }

    @Test(arguments: [false, true])
    func unsignedAndSignedPayloadsBothUpload(signed: Bool) throws {
        let remote = try makeS3Remote { $0.payloadSigning = signed ? .always : .never }
        let bytes = randomBytes(5000)
        try remote.upload(try file("object", bytes), size: 5000, to: "k")
        let destination = scratch.appending("out")
        try remote.download("k", to: destination)
        #expect(readFile(destination) == bytes)
    }

    @Test func missingObjectIsNotFound() throws {
        let remote = try makeS3Remote()
        let error = expectRemoteError { () throws(RemoteError) in
            try remote.download("files/blake3/ff/missing", to: scratch.appending("never"))
        }
        #expect(error?.kind == .notFound)
        #expect(error?.key == "files/blake3/ff/missing")
        #expect(try remote.size(of: "files/blake3/ff/missing") == nil)
    }

    @Test func downloadNeverOverwritesAnExistingFile() throws {
        let remote = try makeS3Remote()
        try remote.upload(try file("object", [1, 2, 3]), size: 3, to: "k")
        let existing = try file("existing", [9])
        let error = expectRemoteError { () throws(RemoteError) in try remote.download("k", to: existing) }
        #expect(error?.kind == .permanent)
        #expect(readFile(existing) == [9])
    }

    @Test func uploadChecksTheSizeItWasGiven() throws {
        let remote = try makeS3Remote()
        let source = try file("object", [1, 2, 3])
        let error = expectRemoteError { () throws(RemoteError) in try remote.upload(source, size: 4, to: "k") }
        #expect(error?.kind == .permanent)
        #expect(try remote.size(of: "k") == nil)
    }

    @Test func listPagesThroughEveryKeyUnderThePrefix() throws {
        // Pages of 40 keys: the continuation-token loop runs 7 times for 250 keys.
        let remote = try makeS3Remote { $0.listPageSize = 40 }
        let source = try file("tiny", [42])
        let keys = (0..<250).map { String(format: "files/blake3/%02x/%062x", $0 % 7, $0) }
        DispatchQueue.concurrentPerform(iterations: 5) { worker in
            for key in keys.enumerated().filter({ $0.offset % 5 == worker }).map(\.element) {
                try? remote.upload(source, size: 1, to: key)
            }
        }
        try remote.upload(source, size: 1, to: "runs/other")
        let listed = try remote.list(prefix: "files/")
        #expect(listed.count == 250)
        #expect(Set(listed.map(\.key)) == Set(keys))
        #expect(listed.allSatisfy { $0.size == 1 })
        #expect(try remote.list(prefix: "files/blake3/03/").count == keys.filter { $0.hasPrefix("files/blake3/03/") }.count)
        #expect(try remote.list(prefix: "").count == 251)
    }

    @Test func listStopsAtTheRemotePrefix() throws {
        let bucket = MotoServer.uniqueBucketName()
        let inner = try makeS3Remote(bucket: bucket, prefix: "a/b")
        let sibling = try makeS3Remote(bucket: bucket, prefix: "a/bc", createBucket: false)
        let source = try file("tiny", [1])
        try inner.upload(source, size: 1, to: "x")
        try sibling.upload(source, size: 1, to: "y")
        #expect(try inner.list(prefix: "").map { [$0.key: $0.size] } == [["x": 1]])
        #expect(try sibling.list(prefix: "").map { [$0.key: $0.size] } == [["y": 1]])
    }

    @Test(arguments: ["data/a b/café ü.csv", "we+ird/%41 & <x>/ключ", "dir//double"])
    func keysWithSpacesAndUTF8(key: String) throws {
        let remote = try makeS3Remote()
        let bytes = Array(key.utf8)
        try remote.upload(try file("object", bytes), size: Int64(bytes.count), to: key)
        #expect(try remote.size(of: key) == Int64(bytes.count))
        #expect(try remote.list(prefix: "").map { [$0.key: $0.size] } == [[key: Int64(bytes.count)]])
        let destination = scratch.appending("out")
        try remote.download(key, to: destination)
        #expect(readFile(destination) == bytes)
        try remote.delete(key)
        #expect(try remote.list(prefix: "").isEmpty)
    }

    @Test func multipartUploadIsByteExactAndLeavesNoUploadBehind() throws {
        let remote = try makeS3Remote {
            $0.multipartThreshold = 6 << 20
            $0.partSize = 5 << 20
        }
        let bytes = randomBytes((12 << 20) + 123)  // three parts, the last one short
        let source = try file("big", bytes)
        try remote.upload(source, size: Int64(bytes.count), to: "files/blake3/12/big")

        #expect(try remote.size(of: "files/blake3/12/big") == Int64(bytes.count))
        let head = try remote.send("HEAD", path: remote.objectPath("files/blake3/12/big"))
        #expect(head.header("etag")?.hasSuffix("-3\"") == true, "a multipart object's ETag ends in -<parts>")
        let destination = scratch.appending("big.out")
        try remote.download("files/blake3/12/big", to: destination)
        #expect(readFile(destination) == bytes)
        #expect(try remote.pendingUploads().isEmpty)
    }

    @Test func smallObjectsBelowTheThresholdGoUpInOnePut() throws {
        let remote = try makeS3Remote {
            $0.multipartThreshold = 6 << 20
            $0.partSize = 5 << 20
        }
        let bytes = randomBytes((6 << 20) - 1)
        try remote.upload(try file("almost", bytes), size: Int64(bytes.count), to: "k")
        let head = try remote.send("HEAD", path: remote.objectPath("k"))
        #expect(head.header("etag")?.contains("-") == false)
    }

    @Test func missingBucketIsPermanentWithAHint() throws {
        let remote = try makeS3Remote(createBucket: false)
        let source = try file("object", [1])
        let error = expectRemoteError { () throws(RemoteError) in try remote.upload(source, size: 1, to: "k") }
        #expect(error?.kind == .permanent)
        #expect(error?.message.hasPrefix("NoSuchBucket:") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("create the bucket") == true)
        #expect(error?.description.contains("'storage'") == true)
        let listing = expectRemoteError { () throws(RemoteError) in _ = try remote.list(prefix: "") }
        #expect(listing?.kind == .permanent)
        let download = expectRemoteError { () throws(RemoteError) in try remote.download("k", to: scratch.appending("x")) }
        #expect(download?.kind == .permanent, "a missing bucket is not a missing object")
    }

    @Test func aShortTestSecretDoesNotMangleTheServersMessage() throws {
        let remote = try makeS3Remote(createBucket: false) {
            $0.credentials = AWSCredentials(accessKeyID: "t", secretAccessKey: "t", source: "test")
        }
        let error = expectRemoteError { () throws(RemoteError) in _ = try remote.list(prefix: "") }
        #expect(error?.message.hasPrefix("NoSuchBucket: The specified bucket does not exist") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("create the bucket") == true)
    }

    @Test func unreachableEndpointIsRetryableAndSaysWhatToCheck() throws {
        let endpoint = "http://127.0.0.1:\(try MotoServer.closedPort())"
        let remote = try makeS3Remote(endpoint: endpoint, createBucket: false)
        let errors = [
            expectRemoteError { () throws(RemoteError) in _ = try remote.size(of: "k") },
            expectRemoteError { () throws(RemoteError) in _ = try remote.list(prefix: "") },
            expectRemoteError { () throws(RemoteError) in try remote.delete("k") },
        ]
        for error in errors {
            #expect(error?.kind == .retryable)
            #expect(error?.hint?.contains("check endpoint \(endpoint)") == true, "\(String(describing: error?.hint))")
            #expect(error?.description.contains(motoCredentials.secretAccessKey.revealed) == false)
        }
    }

    @Test func displayNameNamesTheRemoteAndNoSecret() throws {
        let remote = try makeS3Remote(createBucket: false)
        #expect(remote.displayName == "'storage' (s3://\(remote.configuration.bucket)/project)")
        var dumped = ""
        dump(remote, to: &dumped)
        for text in [remote.displayName, "\(remote)", String(reflecting: remote), dumped, "\(remote.configuration)"] {
            #expect(!text.contains(motoCredentials.secretAccessKey.revealed))
        }
    }
}

/// Requests built without a server: addressing style, encoding, signing headers.
@Suite struct S3RequestTests {
    let credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    @Test func awsDefaultIsVirtualHosted() {
        let remote = S3Remote(configuration: S3RemoteConfiguration(
            bucket: "ml-data", prefix: "/project-a/", region: "eu-west-1", credentials: credentials))
        let request = remote.signedRequest("GET", path: remote.objectPath("files/blake3/ab/cd"))
        #expect(request.url == "https://ml-data.s3.eu-west-1.amazonaws.com/project-a/files/blake3/ab/cd")
        #expect(request.headers.contains { $0.name == "Host" && $0.value == "ml-data.s3.eu-west-1.amazonaws.com" })
        #expect(request.headers.contains { $0.name == "x-amz-content-sha256" })
        let authorization = request.headers.first { $0.name == "Authorization" }?.value ?? ""
        #expect(authorization.contains("/eu-west-1/s3/aws4_request"))
        #expect(!request.headers.contains { $0.value.contains(credentials.secretAccessKey.revealed) })
    }

    @Test func customEndpointIsPathStyleAndEncodesKeysOnce() {
        let remote = S3Remote(configuration: S3RemoteConfiguration(
            bucket: "bucket", endpoint: "http://127.0.0.1:9000/", credentials: credentials))
        let request = remote.signedRequest(
            "GET", path: remote.bucketPath, query: [("list-type", "2"), ("prefix", "a b/é+"), ("continuation-token", "x/y==")])
        #expect(request.url == "http://127.0.0.1:9000/bucket?list-type=2&prefix=a%20b%2F%C3%A9%2B&continuation-token=x%2Fy%3D%3D")
        #expect(remote.signedRequest("HEAD", path: remote.objectPath("a b/%41")).url == "http://127.0.0.1:9000/bucket/a%20b/%2541")
    }

    @Test func dottedBucketsFallBackToPathStyle() {
        let remote = S3Remote(configuration: S3RemoteConfiguration(bucket: "my.data.bucket"))
        #expect(remote.signedRequest("GET", path: remote.objectPath("k")).url == "https://s3.us-east-1.amazonaws.com/my.data.bucket/k")
    }

    @Test func anonymousRequestsAreUnsigned() {
        let remote = S3Remote(configuration: S3RemoteConfiguration(bucket: "public-data"))
        let request = remote.signedRequest("GET", path: remote.objectPath("k"))
        #expect(!request.headers.contains { $0.name == "Authorization" })
    }

    @Test func partSizes() {
        let automatic = S3RemoteConfiguration(bucket: "b")
        #expect(automatic.partSize(forObjectOf: 100 << 20) == 8 << 20)
        #expect(automatic.partSize(forObjectOf: 100 << 30) == ((100 << 30) + 8999) / 9000)
        var fixed = S3RemoteConfiguration(bucket: "b", partSize: 16 << 20)
        #expect(fixed.partSize(forObjectOf: 1 << 30) == 16 << 20)
        // 10 000 parts at most, and never below S3's 5 MiB minimum.
        #expect(fixed.partSize(forObjectOf: 1 << 40) == ((1 << 40) + 9999) / 10000)
        fixed.partSize = 1 << 20
        #expect(fixed.partSize(forObjectOf: 100 << 20) == 5 << 20)
    }

    @Test func errorsMapToKinds() {
        let remote = S3Remote(configuration: S3RemoteConfiguration(name: "storage", bucket: "b", credentials: credentials))
        func answer(_ status: Int, _ code: String?, message: String = "text") -> RemoteError {
            let body = code.map { Array("<?xml version=\"1.0\"?><Error><Code>\($0)</Code><Message>\(message)</Message></Error>".utf8) } ?? []
            return remote.error(for: HTTPResponse(status: status, headers: [], body: body), key: "k")
        }
        #expect(answer(404, "NoSuchKey").kind == .notFound)
        #expect(answer(404, nil).kind == .notFound)
        #expect(answer(404, "NoSuchBucket").kind == .permanent)
        #expect(answer(500, "InternalError").kind == .retryable)
        #expect(answer(503, "SlowDown").kind == .retryable)
        #expect(answer(400, "RequestTimeout").kind == .retryable)
        #expect(answer(502, nil).kind == .retryable)
        let denied = answer(403, "SignatureDoesNotMatch", message: "The request signature we calculated does not match")
        #expect(denied.kind == .permanent)
        #expect(denied.message == "SignatureDoesNotMatch: The request signature we calculated does not match")
        #expect(denied.hint?.contains("check access_key_id/secret_access_key (mlx remote modify --local storage") == true)
        #expect(denied.hint?.contains("AKIAIOSFODNN7EXAMPLE") == true)
        #expect(answer(403, nil).hint?.contains("access_key_id") == true)
        // A server echoing the secret back does not get it printed.
        let echoed = answer(400, "InvalidArgument", message: "bad \(credentials.secretAccessKey.revealed)")
        #expect(!echoed.description.contains(credentials.secretAccessKey.revealed))
    }
}

// MARK: - Shared by the S3 suites

/// Keys for moto when it does not check signatures (any keys work).
let motoCredentials = AWSCredentials(accessKeyID: "mlx-test-key", secretAccessKey: "mlx-test-SECRET-value", source: "test")

/// A remote named `storage` on a fresh bucket of `endpoint` (the shared moto by default).
/// The bucket is created straight on the shared moto, never through a proxy.
func makeS3Remote(
    endpoint: String? = nil, bucket: String = MotoServer.uniqueBucketName(), prefix: String = "project",
    createBucket: Bool = true, configure: (inout S3RemoteConfiguration) -> Void = { _ in }
) throws -> S3Remote {
    var configuration = S3RemoteConfiguration(
        name: "storage", bucket: bucket, prefix: prefix, endpoint: try endpoint ?? MotoServer.sharedEndpoint(),
        credentials: motoCredentials)
    configure(&configuration)
    if createBucket {
        var direct = configuration
        direct.endpoint = try MotoServer.sharedEndpoint()
        try S3Remote(configuration: direct).createBucket()
    }
    return S3Remote(configuration: configuration)
}

/// `count` bytes that differ from call to call.
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
        var word = generator.next() as UInt64
        for _ in 0..<min(8, count - index) {
            bytes[index] = UInt8(truncatingIfNeeded: word)
            word >>= 8
            index += 1
        }
    }
    return bytes
}

func readFile(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path) ?? Data())
}

/// Runs `body` until it succeeds, as the transfer queue would (without the waiting),
/// recording every retryable error on the way; any other error ends it.
func retrying<T>(_ errors: inout [RemoteError], attempts: Int = 12, _ body: () throws(RemoteError) -> T) throws(RemoteError) -> T {
    for _ in 1..<attempts {
        do throws(RemoteError) {
            return try body()
        } catch where error.kind == .retryable {
            errors.append(error)
        }
    }
    return try body()
}

/// The `RemoteError` that `body` must throw (recording an issue when it does not).
func expectRemoteError(
    _ body: () throws(RemoteError) -> Void, sourceLocation: SourceLocation = #_sourceLocation
) -> RemoteError? {
    do throws(RemoteError) {
        try body()
        Issue.record("expected a RemoteError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
