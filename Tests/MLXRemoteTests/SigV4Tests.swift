import Foundation
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The published SigV4 vectors in `Fixtures/sigv4/` (aws-c-auth's copy of the AWS signing
/// suite) and the S3-flavoured ones in `Fixtures/s3-sigv4.json`.
@Suite struct SigV4Tests {
    static let fixtures = URL(fileURLWithPath: PackageRoot.fixture(""))

    static let suiteCases: [String] = {
        let folder = fixtures.appendingPathComponent("sigv4").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }()

    @Test func suiteIsThere() {
        #expect(Self.suiteCases.count >= 38)
    }

    @Test(arguments: suiteCases)
    func headerSigning(name: String) throws {
        let vector = try SuiteCase(name: name)
        let result = vector.signer.sign(
            vector.request, at: vector.date, addsContentSHA256Header: vector.signsBody,
            signsSessionToken: !vector.omitsSessionToken)
        #expect(result.canonicalRequest == (try vector.file("header-canonical-request.txt")))
        #expect(result.stringToSign == (try vector.file("header-string-to-sign.txt")))
        #expect(result.signature == (try vector.file("header-signature.txt")))
        let signed = try vector.file("header-signed-request.txt").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(signed.contains { $0 == "Authorization:" + (result.authorization ?? "") })
        for (headerName, value) in result.headers {
            #expect(signed.contains { $0.lowercased() == "\(headerName):\(value)".lowercased() }, "\(headerName)")
        }
    }

    @Test(arguments: suiteCases)
    func querySigning(name: String) throws {
        let vector = try SuiteCase(name: name)
        let result = vector.signer.presign(
            vector.request, at: vector.date, expires: vector.expires, signsSessionToken: !vector.omitsSessionToken)
        #expect(result.canonicalRequest == (try vector.file("query-canonical-request.txt")))
        #expect(result.stringToSign == (try vector.file("query-string-to-sign.txt")))
        #expect(result.signature == (try vector.file("query-signature.txt")))
        // The signer's items are appended, in order, after the request's own.
        let requestLine = try vector.file("query-signed-request.txt").prefix { $0 != "\n" }
        let target = requestLine.dropFirst(vector.request.method.count + 1).dropLast(" HTTP/1.1".count)
        let sentQuery = target.split(separator: "?", maxSplits: 1).last!.split(separator: "&").map(String.init)
        let added = result.query.map { SigV4Encoding.encodeQuery([$0]) }
        #expect(Array(sentQuery.suffix(added.count)) == added)
    }

    struct S3Case: Decodable, Sendable, CustomTestStringConvertible {
        let name, method, url: String
        let headers: [String: String]
        let payloadHash, amzDate, canonicalRequest, stringToSign, authorization: String

        enum CodingKeys: String, CodingKey {
            case name, method, url, headers
            case payloadHash = "x-amz-content-sha256", amzDate = "x-amz-date"
            case canonicalRequest = "canonical_request", stringToSign = "string_to_sign", authorization
        }

        var testDescription: String { name }
    }

    struct S3File: Decodable {
        let access_key_id, secret_access_key: String
        let cases: [S3Case]
    }

    static let s3File: S3File? = {
        let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent("s3-sigv4.json").path)
        return data.flatMap { try? JSONDecoder().decode(S3File.self, from: $0) }
    }()

    @Test func s3VectorsAreThere() {
        #expect((Self.s3File?.cases.count ?? 0) >= 10)
    }

    @Test(arguments: s3File?.cases ?? [])
    func s3HeaderSigning(vector: S3Case) throws {
        let file = try #require(Self.s3File)
        let url = try #require(URLComponents(string: vector.url))
        let host = url.host! + (url.port.map { ":\($0)" } ?? "")
        let region = host.firstMatch(of: /s3[.-]([a-z0-9-]+)\.amazonaws\.com/).map { String($0.1) } ?? "us-east-1"
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: file.access_key_id, secretAccessKey: file.secret_access_key),
            region: region, service: "s3")
        #expect(!signer.normalizesPath)
        let request = SigV4Request(
            method: vector.method, path: SigV4Encoding.decode(url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath),
            query: SigV4Encoding.parseQuery(url.percentEncodedQuery ?? ""),
            headers: [("Host", host)] + vector.headers.map { ($0.key, $0.value) },
            payloadHash: vector.payloadHash)
        let date = try #require(SuiteCase.parseDate("2013-05-24T00:00:00Z"))
        let result = signer.sign(request, at: date, addsContentSHA256Header: true)
        #expect(result.canonicalRequest == vector.canonicalRequest)
        #expect(result.stringToSign == vector.stringToSign)
        #expect(result.authorization == vector.authorization)
        #expect(result.headers.contains { $0.name == "X-Amz-Date" && $0.value == vector.amzDate })
    }

    @Test func signingKeyMatchesTheAWSDocumentationExample() {
        // The derivation example in the AWS General Reference (secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
        // 20120215, us-east-1, iam).
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "iam")
        let key = signer.signingKey(day: "20120215").withUnsafeBytes { SigV4Signer.hex(Array($0)) }
        #expect(key == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test func encodingKeepsOnlyUnreservedBytes() {
        #expect(SigV4Encoding.encode("a b+c/d=é~") == "a%20b%2Bc%2Fd%3D%C3%A9~")
        #expect(SigV4Encoding.encodePath("/data/a b/café.csv") == "/data/a%20b/caf%C3%A9.csv")
        #expect(SigV4Encoding.decode("abc%2Bdef%3D%3D+x") == "abc+def==+x")
    }

    @Test func credentialsNeverPrintTheirSecret() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "s3cr3t-VALUE", sessionToken: "t0ken-VALUE", source: "test")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        var dumped = ""
        dump(signer, to: &dumped)
        for text in [
            "\(credentials)", String(reflecting: credentials), dumped, "\(signer)", String(reflecting: signer),
            "\(credentials.secretAccessKey)", "\([credentials])",
        ] {
            #expect(!text.contains("s3cr3t-VALUE"), "\(text)")
            #expect(!text.contains("t0ken-VALUE"), "\(text)")
        }
        #expect(dumped.contains("AKIDEXAMPLE"))
    }
}

/// One folder of `Fixtures/sigv4/`.
struct SuiteCase {
    let folder: URL
    let signer: SigV4Signer
    let request: SigV4Request
    let date: Date
    let expires: Int
    let signsBody: Bool
    let omitsSessionToken: Bool

    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id, secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region, service, timestamp: String
        let sign_body: Bool
        let omit_session_token: Bool?
    }

    init(name: String) throws {
        folder = SigV4Tests.fixtures.appendingPathComponent("sigv4").appendingPathComponent(name)
        let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
        signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token),
            region: context.region, service: context.service, normalizesPath: context.normalize)
        date = try #require(Self.parseDate(context.timestamp))
        expires = context.expiration_in_seconds
        signsBody = context.sign_body
        omitsSessionToken = context.omit_session_token ?? false

        // request.txt: "METHOD target HTTP/1.1", header lines (a line starting with whitespace
        // continues the previous one), a blank line, the body.
        let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent("request.txt")), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count)
        var headers = [(name: String, value: String)]()
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = lines.dropFirst().joined(separator: "\n")
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        request = SigV4Request(
            method: method, path: String(parts[0]),
            query: parts.count > 1 ? SigV4Encoding.parseQuery(parts[1]) : [],
            headers: headers, payloadHash: SigV4Signer.sha256Hex(Array(body.utf8)))
    }

    func file(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
    }

    static func parseDate(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
