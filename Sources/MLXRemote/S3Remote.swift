import Crypto
import Foundation
import MLXCore
import MLXHash

/// A remote in an S3-compatible bucket (AWS S3, MinIO, moto, …), spoken to over libcurl with
/// SigV4 signatures.
///
/// Every key lives under `configuration.prefix`. Uploads are atomic because S3 makes an object
/// visible only once it is whole: one PUT below `multipartThreshold`, a multipart upload
/// (aborted on failure) above it. Downloads stream straight into the destination file.
/// Like every `Remote`, it does not retry whole operations (the transfer queue does); only the
/// parts of a multipart upload are retried a few times, since redoing a whole multi-GiB upload
/// for one failed part would waste far more than the queue's backoff saves.
public struct S3Remote: Remote {
    public let configuration: S3RemoteConfiguration
    let client: HTTPClient
    let signer: SigV4Signer?
    let scheme: String
    /// `host[:port]` as sent in `Host` and signed.
    let authority: String

    public var adaptsConcurrency: Bool { true }

    public var displayName: String {
        let url = URLRedaction.redact(configuration.url)
        return configuration.name.isEmpty ? url : "'\(configuration.name)' (\(url))"
    }

    /// A one-line warning when no credentials were found anywhere, so requests go unsigned:
    /// only a bucket open to anonymous access accepts them, and a push then fails (or, worse,
    /// lands in a world-writable bucket) with no word about the missing keys. `nil` when signed.
    public var unsignedRequestsWarning: String? {
        guard signer == nil else { return nil }
        let name = configuration.name.isEmpty ? "NAME" : configuration.name
        return "remote \(displayName): no credentials found, so requests go unsigned (anonymous), which only a public "
            + "bucket accepts; set access_key_id and secret_access_key (mlx remote modify --local \(name) …), "
            + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile"
    }

    public init(configuration: S3RemoteConfiguration) {
        self.configuration = configuration
        client = HTTPClient(timeoutSeconds: configuration.timeoutSeconds, verifiesTLS: configuration.verifiesTLS,
                            certificateAuthorities: configuration.certificateAuthorities)
        signer = configuration.credentials.map {
            SigV4Signer(credentials: $0, region: configuration.region, service: "s3")
        }
        let parts = configuration.endpoint.split(separator: "://", maxSplits: 1).map(String.init)
        scheme = parts.count == 2 ? parts[0].lowercased() : "https"
        let host = (parts.last ?? "").split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        authority = configuration.pathStyle ? host : "\(configuration.bucket).\(host)"
    }

    // MARK: - Remote

    public func size(of key: String) throws(RemoteError) -> Int64? {
        try describe(key)?.size
    }

    public func describe(_ key: String) throws(RemoteError) -> RemoteObject? {
        let response = try perform(key: key) { () throws(HTTPError) in try send("HEAD", path: objectPath(key)) }
        switch response.status {
        case 200:
            guard let length = response.header("content-length").flatMap({ Int64($0) }) else {
                throw RemoteError(.permanent, remote: displayName, key: key, message: "the server sent no size for the object")
            }
            return RemoteObject(key: key, size: length, etag: response.entityTag)
        case 404:
            return nil
        default:
            throw error(for: response, key: key)
        }
    }

    public func download(_ key: String, to destination: String) throws(RemoteError) {
        let descriptor = try TransferFile.createDownload(destination, remote: displayName, key: key)
        var closed = false
        defer { if !closed { close(descriptor) } }
        let response = try perform(key: key) { () throws(HTTPError) in
            try send("GET", path: objectPath(key), responseDescriptor: descriptor)
        }
        guard response.status == 200 else {
            throw response.status == 404 && errorBody(response).code != "NoSuchBucket"
                ? RemoteError(.notFound, remote: displayName, key: key, message: "no such object")
                : error(for: response, key: key)
        }
        if let expected = response.header("content-length").flatMap({ Int64($0) }), expected != response.bytesWritten {
            throw RemoteError(.retryable, remote: displayName, key: key,
                              message: "the download stopped after \(response.bytesWritten) of \(expected) bytes")
        }
        closed = true
        try TransferFile.closeDownload(descriptor, destination: destination, remote: displayName, key: key)
    }

    /// With `digest`, the bytes are hashed as libcurl sends them: a single PUT is cut short
    /// before its last byte when they do not match, a multipart upload is aborted instead of
    /// completed.
    public func upload(_ source: String, size: Int64, to key: String, verifying digest: MLXHash.Digest?) throws(RemoteError) {
        let descriptor = try TransferFile.openForUpload(source, size: size, remote: displayName, key: key)
        defer { close(descriptor) }
        if size >= configuration.multipartThreshold && size > configuration.partSize(forObjectOf: size) {
            try uploadInParts(descriptor: descriptor, source: source, size: size, key: key, verifying: digest)
        } else {
            let region = HTTPFileRegion(descriptor: descriptor, offset: 0, length: size)
            if size == 0, let digest { try verify(descriptor: descriptor, source: source, against: digest, key: key) }
            let check = digest.map { HTTPUploadCheck(expected: $0, length: size) }
            let hash = try payloadHash(of: region, source: source, key: key)
            let response: HTTPResponse
            do throws(RemoteError) {
                response = try perform(key: key) { () throws(HTTPError) in
                    try send("PUT", path: objectPath(key), bodyFile: region, bodyCheck: check, payloadHash: hash)
                }
            } catch {
                if let actual = check?.mismatch { throw corruptSource(source, actual: actual, key: key) }
                throw error
            }
            guard response.status == 200 else { throw error(for: response, key: key) }
        }
    }

    /// Hashes the whole open file and refuses it when it does not match `digest`.
    func verify(descriptor: Int32, source: String, against digest: MLXHash.Digest, key: String) throws(RemoteError) {
        let actual: MLXHash.Digest
        do {
            actual = try FileHasher.shared.hash(openFile: descriptor, name: source)
        } catch {
            throw RemoteError(.permanent, remote: displayName, key: key, message: "cannot read \(source): \(error)")
        }
        if actual != digest { throw corruptSource(source, actual: actual, key: key) }
    }

    func corruptSource(_ source: String, actual: MLXHash.Digest, key: String) -> RemoteError {
        RemoteError(.corruptSource, remote: displayName, key: key,
                    message: "\(source) hashes to \(actual.hex), not to its name; nothing was stored")
    }

    public func list(prefix: String) throws(RemoteError) -> [RemoteObject] {
        let fullPrefix = configuration.prefix.isEmpty ? prefix : configuration.prefix + "/" + prefix
        let strip = configuration.prefix.isEmpty ? 0 : configuration.prefix.count + 1
        var objects = [RemoteObject]()
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", fullPrefix)]
            if let token { query.append(("continuation-token", token)) }
            if let pageSize = configuration.listPageSize { query.append(("max-keys", String(pageSize))) }
            let response = try perform(key: nil) { () throws(HTTPError) in try send("GET", path: bucketPath, query: query) }
            guard response.status == 200 else { throw error(for: response, key: nil) }
            let page = try parse(response, key: nil)
            for entry in page.children("Contents") {
                guard let key = entry.text(of: "Key"), key.hasPrefix(fullPrefix),
                      let size = entry.text(of: "Size").flatMap({ Int64($0) }) else {
                    throw RemoteError(.permanent, remote: displayName, message: "the object listing has an entry without key or size")
                }
                let etag = entry.text(of: "ETag").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                objects.append(RemoteObject(key: String(key.dropFirst(strip)), size: size, etag: etag))
            }
            token = nil
            if page.text(of: "IsTruncated") == "true" {
                guard let next = page.text(of: "NextContinuationToken"), !next.isEmpty else {
                    throw RemoteError(.permanent, remote: displayName, message: "the object listing is truncated but has no continuation token")
                }
                token = next
            }
        } while token != nil
        return objects
    }

    /// Compares the listed ETag with the file's MD5, which is what S3 tags an object uploaded
    /// in one PUT with; a multipart or KMS-encrypted object's tag is something else, so a tag
    /// that is not 32 hex digits cannot tell.
    public func holdsSameBytes(_ listed: RemoteObject, as path: String) -> Bool? {
        guard let bytes = FileManager.default.contents(atPath: path) else { return false }
        guard Int64(bytes.count) == listed.size else { return false }
        guard let etag = listed.etag?.lowercased(), etag.count == 32, etag.allSatisfy(\.isHexDigit) else { return nil }
        return Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == etag
    }

    public func delete(_ key: String) throws(RemoteError) {
        let response = try perform(key: key) { () throws(HTTPError) in try send("DELETE", path: objectPath(key)) }
        switch response.status {
        case 200, 204:
            return
        case 404 where errorBody(response).code != "NoSuchBucket":
            return
        default:
            throw error(for: response, key: key)
        }
    }

    /// Creates the bucket (for tests and setup scripts; mlx itself never creates buckets).
    /// An existing bucket that this account owns is not an error.
    public func createBucket() throws(RemoteError) {
        var body = [UInt8]()
        if configuration.region != S3RemoteConfiguration.defaultRegion {
            body = Array(("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>\(configuration.region.xmlEscaped)</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        let response = try perform(key: nil) { () throws(HTTPError) in try send("PUT", path: bucketPath, body: body) }
        guard response.status == 200 || errorBody(response).code == "BucketAlreadyOwnedByYou" else {
            throw error(for: response, key: nil)
        }
    }

    // MARK: - Requests

    /// The decoded request path of `key`.
    func objectPath(_ key: String) -> String {
        let fullKey = configuration.prefix.isEmpty ? key : configuration.prefix + "/" + key
        return configuration.pathStyle ? "/\(configuration.bucket)/\(fullKey)" : "/\(fullKey)"
    }

    var bucketPath: String { configuration.pathStyle ? "/\(configuration.bucket)" : "/" }

    /// Signs and sends one request. `payloadHash` defaults to the SHA-256 of `body`.
    func send(
        _ method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], bodyFile: HTTPFileRegion? = nil,
        bodyCheck: HTTPUploadCheck? = nil, payloadHash: String? = nil, responseDescriptor: Int32? = nil
    ) throws(HTTPError) -> HTTPResponse {
        var request = signedRequest(method, path: path, query: query, headers: headers, body: body, payloadHash: payloadHash)
        request.bodyFile = bodyFile
        request.bodyCheck = bodyCheck
        request.responseBodyDescriptor = responseDescriptor
        return try client.send(request)
    }

    /// The request as it goes on the wire: URL encoded exactly as signed, `Host`, and the
    /// SigV4 headers when there are credentials.
    func signedRequest(
        _ method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], payloadHash: String? = nil, at date: Date = Date()
    ) -> HTTPRequest {
        var headers = headers + [("Host", authority)]
        if let signer {
            let request = SigV4Request(
                method: method, path: path, query: query, headers: headers,
                payloadHash: payloadHash ?? SigV4Signer.sha256Hex(body))
            headers += signer.sign(request, at: date, addsContentSHA256Header: true).headers
        }
        let url = "\(scheme)://\(authority)\(SigV4Encoding.encodePath(path))"
            + (query.isEmpty ? "" : "?" + SigV4Encoding.encodeQuery(query))
        return HTTPRequest(method: method, url: url, headers: headers, body: body)
    }

    /// Runs `request`, turning a failed connection into a `RemoteError`.
    func perform(key: String?, _ request: () throws(HTTPError) -> HTTPResponse) throws(RemoteError) -> HTTPResponse {
        do {
            return try request()
        } catch {
            throw self.error(for: error, key: key)
        }
    }

    /// The hash to sign for an upload body (see `PayloadSigning`).
    func payloadHash(of region: HTTPFileRegion, source: String, key: String) throws(RemoteError) -> String {
        let signs = switch configuration.payloadSigning {
        case .always: true
        case .never: false
        case .automatic: scheme != "https"
        }
        guard signs, signer != nil else { return SigV4Signer.unsignedPayload }
        var hasher = SHA256()
        // No larger than the body: zeroing a 1 MiB buffer for each small object was a fifth of
        // a 10,000-file push's CPU.
        var buffer = [UInt8](repeating: 0, count: Int(min(1 << 20, max(1, region.length))))
        var done: Int64 = 0
        while done < region.length {
            let wanted = Int(min(Int64(buffer.count), region.length - done))
            let count = buffer.withUnsafeMutableBytes { pread(region.descriptor, $0.baseAddress, wanted, off_t(region.offset + done)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw RemoteError(.permanent, remote: displayName, key: key,
                                  message: count == 0 ? "\(source) ended early: it changed since it was hashed"
                                                      : "cannot read \(source): \(TransferFile.systemError())")
            }
            hasher.update(data: buffer[0..<count])
            done += Int64(count)
        }
        return SigV4Signer.hex(hasher.finalize())
    }

    /// Parses an XML answer, which a 200 can also be an `<Error>` in (CompleteMultipartUpload).
    func parse(_ response: HTTPResponse, key: String?) throws(RemoteError) -> XMLTree {
        let root: XMLTree
        do {
            root = try XMLTree.parse(response.body)
        } catch {
            throw RemoteError(.retryable, remote: displayName, key: key, message: "the server's answer is not valid XML (\(error))")
        }
        if root.name == "Error" {
            throw self.error(for: response, key: key)
        }
        return root
    }

}
