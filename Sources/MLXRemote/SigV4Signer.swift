import Crypto
import Foundation
import MLXCore

/// AWS Signature Version 4 (header and presigned query forms), as described in the AWS
/// General Reference ("Create a signed AWS API request").
///
/// Requests are given decoded: the path and query items as the server should understand
/// them. The signer encodes them once, the same way `SigV4Request.encodedPath` and
/// `encodedQuery` do for the URL that is sent, so what is signed is what goes on the wire.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash S3 accepts in place of the body's SHA-256.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of no bytes.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    /// Whether `.`/`..` segments and repeated slashes are removed before signing. Every
    /// service does this except S3, which signs the path exactly as sent.
    public let normalizesPath: Bool
    /// The last day's signing key: four HMACs that change once a day, not per request.
    private let keys = SigningKeyCache()

    public init(credentials: AWSCredentials, region: String, service: String, normalizesPath: Bool? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath ?? (service != "s3")
    }

    /// Signs with an `Authorization` header. The result's `headers` are the ones to add:
    /// `x-amz-date`, `x-amz-security-token` (when there is a token), `x-amz-content-sha256`
    /// (when `addsContentSHA256Header`, which S3 requires) and `authorization`.
    ///
    /// - Parameter signsSessionToken: false adds the token header after signing, for services
    ///   that want it outside the signature.
    public func sign(
        _ request: SigV4Request, at date: Date, addsContentSHA256Header: Bool, signsSessionToken: Bool = true
    ) -> SigV4Signature {
        let time = SigV4Time(date)
        var request = request
        request.headers.append(("X-Amz-Date", time.amzDate))
        var added = [(name: String, value: String)]()
        added.append(("X-Amz-Date", time.amzDate))
        if let token = credentials.sessionToken, signsSessionToken {
            request.headers.append(("X-Amz-Security-Token", token.revealed))
            added.append(("X-Amz-Security-Token", token.revealed))
        }
        if addsContentSHA256Header {
            request.headers.append(("x-amz-content-sha256", request.payloadHash))
            added.append(("x-amz-content-sha256", request.payloadHash))
        }
        let headers = Self.canonicalHeaders(request.headers)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        let canonical = canonicalRequest(request, canonicalHeaders: headers, query: request.query)
        let stringToSign = self.stringToSign(canonical, time: time)
        let signature = self.signature(of: stringToSign, time: time)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(time.scope(region, service)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        if let token = credentials.sessionToken, !signsSessionToken {
            added.append(("X-Amz-Security-Token", token.revealed))
        }
        added.append(("Authorization", authorization))
        return SigV4Signature(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: added, query: [])
    }

    /// Signs in the query string (a presigned URL valid for `expires` seconds). The result's
    /// `query` items are the ones to append to the request's own, in order.
    public func presign(
        _ request: SigV4Request, at date: Date, expires: Int, signsSessionToken: Bool = true
    ) -> SigV4Signature {
        let time = SigV4Time(date)
        let headers = Self.canonicalHeaders(request.headers)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        var added: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(time.scope(region, service))"),
            ("X-Amz-Date", time.amzDate),
            ("X-Amz-SignedHeaders", signedHeaders),
            ("X-Amz-Expires", String(expires)),
        ]
        if let token = credentials.sessionToken, signsSessionToken {
            added.append(("X-Amz-Security-Token", token.revealed))
        }
        let canonical = canonicalRequest(request, canonicalHeaders: headers, query: request.query + added)
        let stringToSign = self.stringToSign(canonical, time: time)
        let signature = self.signature(of: stringToSign, time: time)
        if let token = credentials.sessionToken, !signsSessionToken {
            added.append(("X-Amz-Security-Token", token.revealed))
        }
        added.append(("X-Amz-Signature", signature))
        return SigV4Signature(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: [], query: added)
    }

    // MARK: - The steps

    func canonicalRequest(
        _ request: SigV4Request, canonicalHeaders headers: [(name: String, value: String)],
        query: [(name: String, value: String)]
    ) -> String {
        let path = normalizesPath ? Self.normalized(request.path) : request.path
        return [
            request.method,
            SigV4Encoding.encodePath(path),
            SigV4Encoding.canonicalQuery(query),
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            headers.map(\.name).joined(separator: ";"),
            request.payloadHash,
        ].joined(separator: "\n")
    }

    func stringToSign(_ canonicalRequest: String, time: SigV4Time) -> String {
        [Self.algorithm, time.amzDate, time.scope(region, service), Self.sha256Hex(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
    }

    func signature(of stringToSign: String, time: SigV4Time) -> String {
        let key = keys.key(for: time.day) { signingKey(day: time.day) }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return Self.hex(mac)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey.revealed).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// Header names lower-cased and sorted; values trimmed with inner whitespace runs (line
    /// folds included) collapsed to one space; repeated headers joined with commas in order.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var order = [String]()
        var values = [String: [String]]()
        for (name, value) in headers {
            let key = trimmedName(name.lowercased())
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(
                value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " "))
        }
        return order.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { ($0, values[$0]!.joined(separator: ",")) }
    }

    /// `name` without leading and trailing spaces and tabs, without Foundation's slower
    /// `CharacterSet` (names are ASCII).
    private static func trimmedName(_ name: String) -> String {
        let bytes = name.utf8
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(name[first...last])
    }

    /// RFC 3986 dot-segment removal plus collapsing empty segments, keeping a trailing slash.
    static func normalized(_ path: String) -> String {
        var segments = [Substring]()
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") && result != "/" { result += "/" }
        return result
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A request as the signer sees it: decoded path and query, headers including `host`.
public struct SigV4Request: Sendable {
    public var method: String
    /// The decoded path, starting with `/`.
    public var path: String
    /// Decoded query items; an item without `=` has an empty value.
    public var query: [(name: String, value: String)]
    /// Headers to sign, `host` among them.
    public var headers: [(name: String, value: String)]
    /// Hex SHA-256 of the body, or `SigV4Signer.unsignedPayload`.
    public var payloadHash: String

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], payloadHash: String = SigV4Signer.emptyPayloadHash
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }
}

/// What signing produced: the intermediate strings (for tests and `-v` debugging of
/// SignatureDoesNotMatch) and the headers or query items to add.
public struct SigV4Signature: Sendable {
    public let canonicalRequest: String
    public let stringToSign: String
    public let signature: String
    public let headers: [(name: String, value: String)]
    public let query: [(name: String, value: String)]

    /// The `Authorization` header's value (header signing only).
    public var authorization: String? { headers.first { $0.name == "Authorization" }?.value }
}

/// A signing time in the two forms SigV4 uses.
struct SigV4Time {
    /// `20150830T123600Z`
    let amzDate: String
    /// `20150830`
    let day: String

    init(_ date: Date) {
        // RFC 3339 in UTC without its separators (`InternetTime` formats without Foundation's
        // slower `String(format:)`, a tenth of signing each request).
        amzDate = String(InternetTime.string(from: date).filter { $0 != "-" && $0 != ":" })
        day = String(amzDate.prefix(8))
    }

    func scope(_ region: String, _ service: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }
}

/// SigV4's URI encoding: every byte except the unreserved `A-Z a-z 0-9 - . _ ~` as `%XX`
/// (upper-case hex), `/` kept in paths only.
public enum SigV4Encoding {
    public static func encode(_ string: String, keepingSlash: Bool = false) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepingSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Each segment encoded once; the slashes between them kept.
    public static func encodePath(_ path: String) -> String { encode(path, keepingSlash: true) }

    /// `name=value` pairs, encoded, sorted by name then value, joined with `&`.
    public static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        items.map { (encode($0.name), encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.0 != rhs.0 ? Array(lhs.0.utf8).lexicographicallyPrecedes(Array(rhs.0.utf8))
                    : Array(lhs.1.utf8).lexicographicallyPrecedes(Array(rhs.1.utf8))
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The query as sent: the same encoding, in the given order.
    public static func encodeQuery(_ items: [(name: String, value: String)]) -> String {
        items.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    /// Decodes `%XX` escapes; anything else (including `+`) stays as it is.
    public static func decode<S: StringProtocol>(_ string: S) -> String {
        var out = [UInt8]()
        let bytes = Array(string.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits a raw query string into decoded items.
    public static func parseQuery<S: StringProtocol>(_ query: S) -> [(name: String, value: String)] {
        query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

