import Foundation
import MLXCore
import MLXHash
import Synchronization

/// A remote on a web server, spoken to over libcurl: `http(s)://` for any server, read through
/// GET and HEAD and written with PUT (or POST) where the server allows it, and
/// `webdav(s)://` for a WebDAV server (DVC's names), which can also list and delete.
///
/// On WebDAV an upload is atomic: the bytes go to a temporary name in the key's folder (folders
/// made with MKCOL, parents first) and a MOVE with `Overwrite: T` publishes them; a temporary
/// that a failed upload leaves is deleted. A plain HTTP server offers no rename, so there an
/// upload goes straight to its key and is as atomic as the server makes PUT. Either way, with a
/// digest the bytes are hashed as libcurl sends them and the request is cut short before its
/// last byte when they do not match, so the server never gets a whole body.
///
/// A download that breaks after some bytes arrived goes on with `Range: bytes=N-` (up to
/// `maximumResumes` times, each one after progress) rather than fetching everything again;
/// a server that ignores ranges answers 200 and the file starts over. Keys name content (or
/// are small run-cache entries), and the caller hashes what it fetched, so no `If-Range` is
/// needed to notice an object that changed between the pieces.
///
/// A plain web server cannot list its files: `list` fails with an error that says so, and
/// `canList` is false so that push, fetch and `status --cloud` ask about each object with a
/// HEAD instead (DVC's HTTP remote does the same).
public struct HTTPRemote: Remote {
    public let configuration: HTTPRemoteConfiguration
    let client: HTTPClient
    /// WebDAV folders known to exist, so that each is made (or found) once per process.
    let knownFolders = KnownFolders()

    /// Resumed requests one download may take, each after the previous one moved some bytes.
    static let maximumResumes = 8

    public init(configuration: HTTPRemoteConfiguration) {
        self.configuration = configuration
        client = HTTPClient(timeoutSeconds: configuration.timeoutSeconds, verifiesTLS: configuration.verifiesTLS,
                            certificateAuthorities: configuration.certificateAuthorities, login: configuration.login)
    }

    public var displayName: String {
        let url = URLRedaction.redact(configuration.url)
        return configuration.name.isEmpty ? url : "'\(configuration.name)' (\(url))"
    }

    public var canList: Bool { configuration.speaksWebDAV }
    public var adaptsConcurrency: Bool { true }

    // MARK: - Remote

    public func size(of key: String) throws(RemoteError) -> Int64? {
        try describe(key)?.size
    }

    /// A plain web server may tag an object with `Last-Modified` alone: that stands in for the
    /// entity tag then, as it does for DVC's HTTP imports.
    public func describe(_ key: String) throws(RemoteError) -> RemoteObject? {
        let response = try send("HEAD", url: url(of: key), key: key)
        switch response.status {
        case 200:
            guard let length = response.header("content-length").flatMap({ Int64($0) }) else {
                throw RemoteError(.permanent, remote: displayName, key: key, message: "the server sent no size for the object")
            }
            return RemoteObject(key: key, size: length, etag: response.entityTag ?? response.header("last-modified"))
        case 404, 410:
            return nil
        default:
            throw error(for: response, method: "HEAD", key: key)
        }
    }

    public func download(_ key: String, to destination: String) throws(RemoteError) {
        let descriptor = try TransferFile.createDownload(destination, remote: displayName, key: key)
        var closed = false
        defer { if !closed { close(descriptor) } }
        var resumes = 0
        var request = HTTPRequest(method: "GET", url: url(of: key), responseBodyDescriptor: descriptor)
        while true {
            let before = lseek(descriptor, 0, SEEK_CUR)
            request.rangeStart = before > 0 ? Int64(before) : nil
            let response: HTTPResponse
            do throws(RemoteError) {
                response = try send(request, key: key)
            } catch {
                let after = lseek(descriptor, 0, SEEK_CUR)
                guard error.kind == .retryable, after > before, resumes < Self.maximumResumes else { throw error }
                resumes += 1
                continue
            }
            switch response.status {
            case 200, 206:
                break
            case 404, 410:
                throw RemoteError(.notFound, remote: displayName, key: key, message: "no such object")
            case 416 where request.rangeStart != nil:
                // The part already here is not a prefix of the object (it shrank): start over.
                guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0, resumes < Self.maximumResumes else {
                    throw error(for: response, method: "GET", key: key)
                }
                resumes += 1
                continue
            default:
                throw error(for: response, method: "GET", key: key)
            }
            let expected = response.status == 206
                ? response.header("content-range").flatMap { $0.split(separator: "/").last.flatMap { Int64($0) } }
                : response.header("content-length").flatMap { Int64($0) }
            let written = Int64(lseek(descriptor, 0, SEEK_CUR))
            if let expected, expected != written {
                throw RemoteError(.retryable, remote: displayName, key: key,
                                  message: "the download stopped after \(written) of \(expected) bytes")
            }
            break
        }
        closed = true
        try TransferFile.closeDownload(descriptor, destination: destination, remote: displayName, key: key)
    }

    public func upload(_ source: String, size: Int64, to key: String, verifying digest: Digest?) throws(RemoteError) {
        let descriptor = try TransferFile.openForUpload(source, size: size, remote: displayName, key: key)
        defer { close(descriptor) }
        if size == 0, let digest {
            let actual: Digest
            do {
                actual = try FileHasher.shared.hash(openFile: descriptor, name: source)
            } catch {
                throw RemoteError(.permanent, remote: displayName, key: key, message: "cannot read \(source): \(error)")
            }
            if actual != digest { throw corruptSource(source, actual: actual, key: key) }
        }
        let check = digest.map { HTTPUploadCheck(expected: $0, length: size) }
        var request = HTTPRequest(method: configuration.speaksWebDAV ? "PUT" : configuration.uploadMethod, url: url(of: key))
        request.bodyFile = HTTPFileRegion(descriptor: descriptor, offset: 0, length: size)
        request.bodyCheck = check
        if configuration.speaksWebDAV {
            try uploadThroughTemporary(request, source: source, key: key)
            return
        }
        let response: HTTPResponse
        do throws(RemoteError) {
            response = try send(request, key: key)
        } catch {
            if let actual = check?.mismatch { throw corruptSource(source, actual: actual, key: key) }
            throw error
        }
        guard (200..<300).contains(response.status) else { throw error(for: response, method: request.method, key: key) }
    }

    public func list(prefix: String) throws(RemoteError) -> [RemoteObject] {
        guard configuration.speaksWebDAV else {
            throw RemoteError(.permanent, remote: displayName, key: prefix,
                              message: "a plain HTTP server cannot list its files",
                              hint: "this command needs a listing: use a WebDAV server (webdav:// or webdavs:// in the url), "
                                  + "or another remote for it")
        }
        return try listWebDAV(prefix: prefix).compactMap { file in
            TemporaryFiles.isTemporary(file.key) ? nil : RemoteObject(key: file.key, size: file.entry.size, etag: file.entry.etag)
        }
    }

    public func delete(_ key: String) throws(RemoteError) {
        let response = try send("DELETE", url: url(of: key), key: key)
        switch response.status {
        case 200..<300, 404, 410:
            return
        default:
            throw error(for: response, method: "DELETE", key: key)
        }
    }

    // MARK: - Requests

    /// The URL of `key`: each segment percent-encoded below the base URL.
    func url(of key: String) -> String {
        key.isEmpty ? configuration.baseURL + "/"
            : configuration.baseURL + "/" + key.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode($0) }.joined(separator: "/")
    }

    /// Sends `method` to `url` with no body.
    func send(_ method: String, url: String, key: String?, headers: [(name: String, value: String)] = [], body: [UInt8] = []) throws(RemoteError) -> HTTPResponse {
        try send(HTTPRequest(method: method, url: url, headers: headers, body: body), key: key)
    }

    /// Sends `request` with the configured authorization header.
    func send(_ request: HTTPRequest, key: String?) throws(RemoteError) -> HTTPResponse {
        var request = request
        if let header = configuration.authorizationHeader {
            request.headers.append((header.name, header.value.revealed))
        }
        do {
            return try client.send(request)
        } catch {
            throw self.error(for: error, key: key)
        }
    }

    func corruptSource(_ source: String, actual: Digest, key: String) -> RemoteError {
        RemoteError(.corruptSource, remote: displayName, key: key,
                    message: "\(source) hashes to \(actual.hex), not to its name; nothing was stored")
    }

    /// Percent-encodes all but RFC 3986's unreserved characters of one path segment.
    static func encode(_ segment: Substring) -> String {
        var result = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

}

/// The WebDAV folders one `HTTPRemote` has made or found, shared by its copies.
final class KnownFolders: Sendable {
    private let folders = Mutex<Set<String>>([])
    /// Held while folders are made: servers answer two MKCOLs of one folder at once with
    /// errors (wsgidav: 500), and each folder is made only once per process anyway.
    let making = NSLock()

    func contains(_ folder: String) -> Bool { folders.withLock { $0.contains(folder) } }
    func insert(_ folder: String) { _ = folders.withLock { $0.insert(folder) } }
}
