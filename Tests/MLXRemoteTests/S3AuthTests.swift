import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// S3Remote against a moto that checks signatures (`INITIAL_NO_AUTH_ACTION_COUNT`): moto
/// recomputes every signature with botocore, so this proves the signer on real requests
/// (PUT bodies signed and unsigned, multipart, listing), and that wrong keys fail clearly
/// without ever showing the secret. Keys with spaces, prefixes with `/` and continuation tokens
/// with `=` are left to `S3RemoteTests` and the botocore-computed `s3-sigv4.json` vectors:
/// moto's checker rebuilds the URL from an already decoded one (`%2F` → `/`) and rejects
/// their correct signatures.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
struct S3AuthTests {
    /// A moto of its own (signature checking is server-wide), shared by these tests, whose
    /// first three IAM calls are let through unauthenticated: a user, its S3 policy, its key.
    struct SecureServer: Sendable {
        let server: MotoServer
        let keys: AWSCredentials
    }

    static let secure: Result<SecureServer, SetupError> = {
        do {
            let server = try MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"])
            _ = try iam(server, ["Action": "CreateUser", "UserName": "mlx"])
            _ = try iam(server, [
                "Action": "PutUserPolicy", "UserName": "mlx", "PolicyName": "s3",
                "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
            ])
            let created = try iam(server, ["Action": "CreateAccessKey", "UserName": "mlx"])
            guard let key = created.child("CreateAccessKeyResult")?.child("AccessKey"),
                  let id = key.text(of: "AccessKeyId"), let secret = key.text(of: "SecretAccessKey") else {
                return .failure(SetupError(message: "moto's CreateAccessKey answer has no key"))
            }
            return .success(SecureServer(
                server: server, keys: AWSCredentials(accessKeyID: id, secretAccessKey: secret, source: "remote config")))
        } catch {
            return .failure(SetupError(message: "\(error)"))
        }
    }()

    let server: MotoServer
    let keys: AWSCredentials
    let bucket = MotoServer.uniqueBucketName("secure")
    let scratch: TemporaryDirectory

    init() throws {
        let secure = try Self.secure.get()
        server = secure.server
        keys = secure.keys
        scratch = TemporaryDirectory()
        try remote(keys).createBucket()
    }

    func remote(_ credentials: AWSCredentials, configure: (inout S3RemoteConfiguration) -> Void = { _ in }) -> S3Remote {
        var configuration = S3RemoteConfiguration(
            name: "secure", bucket: bucket, endpoint: server.endpoint, credentials: credentials)
        configure(&configuration)
        return S3Remote(configuration: configuration)
    }

    @Test func theRightKeysWorkForEveryOperation() throws {
        let remote = remote(keys) {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
        }
        let small = randomBytes(1000)
        let big = randomBytes((5 << 20) + 10)
        try remote.upload(try scratch.write("small", small), size: 1000, to: "files/small.bin")
        try remote.upload(try scratch.write("big", big), size: Int64(big.count), to: "files/big")
        var unsigned = remote.configuration
        unsigned.payloadSigning = .never
        try S3Remote(configuration: unsigned).upload(try scratch.write("small", small), size: 1000, to: "files/unsigned")

        #expect(try remote.size(of: "files/small.bin") == 1000)
        #expect(Set(try remote.list(prefix: "").map(\.key)) == ["files/small.bin", "files/big", "files/unsigned"])
        try remote.download("files/big", to: scratch.appending("big.out"))
        #expect(readFile(scratch.appending("big.out")) == big)
        try remote.delete("files/small.bin")
        #expect(try remote.size(of: "files/small.bin") == nil)
    }

    @Test func aWrongSecretIsAPermanentErrorThatNamesTheRemoteAndHidesTheSecret() throws {
        let wrongSecret = "WRONG-secret-\(UUID().uuidString)"
        let wrong = AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: wrongSecret, source: "remote config")
        let remote = remote(wrong)
        let source = try scratch.write("object", [1, 2, 3])
        let errors = [
            expectRemoteError { () throws(RemoteError) in try remote.upload(source, size: 3, to: "k") },
            expectRemoteError { () throws(RemoteError) in _ = try remote.list(prefix: "") },
            expectRemoteError { () throws(RemoteError) in try remote.download("k", to: scratch.appending("x")) },
            expectRemoteError { () throws(RemoteError) in _ = try remote.size(of: "k") },
        ]
        for error in errors {
            let error = try #require(error)
            #expect(error.kind == .permanent)
            #expect(error.description.hasPrefix("remote 'secure' (s3://\(bucket))"))
            #expect(error.hint?.contains("check access_key_id/secret_access_key (mlx remote modify --local secure") == true)
            let everything = "\(error) \(error.message) \(error.hint ?? "") \(String(reflecting: error))"
            #expect(!everything.contains(wrongSecret))
            #expect(!everything.contains(keys.secretAccessKey.revealed))
        }
        #expect(errors[0]?.message.hasPrefix("SignatureDoesNotMatch:") == true, "\(String(describing: errors[0]))")
    }

    @Test func anUnknownAccessKeyIsAPermanentError() throws {
        let unknown = AWSCredentials(accessKeyID: "AKIANOBODY0000000000", secretAccessKey: "whatever-secret")
        let error = expectRemoteError { () throws(RemoteError) in _ = try self.remote(unknown).list(prefix: "") }
        #expect(error?.kind == .permanent)
        #expect(error?.message.hasPrefix("InvalidAccessKeyId:") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("access_key_id") == true)
    }

    /// One IAM query-API call (form-encoded POST, signed for service `iam`); returns the answer.
    static func iam(_ server: MotoServer, _ parameters: [String: String]) throws -> XMLTree {
        let items = (parameters.merging(["Version": "2010-05-08"]) { $1 }).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let body = Array(SigV4Encoding.encodeQuery(items).utf8)
        let host = String(server.endpoint.dropFirst("http://".count))
        let headers: [(name: String, value: String)] = [
            ("Host", host), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ]
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIASETUP00000000000", secretAccessKey: "setup-secret"),
            region: "us-east-1", service: "iam")
        let signature = signer.sign(
            SigV4Request(method: "POST", path: "/", headers: headers, payloadHash: SigV4Signer.sha256Hex(body)),
            at: Date(), addsContentSHA256Header: false)
        let response = try HTTPClient().send(HTTPRequest(
            method: "POST", url: server.endpoint + "/", headers: headers + signature.headers, body: body))
        guard response.status == 200 else {
            throw SetupError(message: "IAM \(parameters["Action"]!) failed: \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return try XMLTree.parse(response.body)
    }
}

struct SetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
