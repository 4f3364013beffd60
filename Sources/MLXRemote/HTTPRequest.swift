import Foundation

/// One HTTP request as the remotes build it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    /// An in-memory body (ignored when `bodyFile` is set).
    public var body: [UInt8]
    /// A body streamed from a region of an open file instead of memory.
    public var bodyFile: HTTPFileRegion?
    /// Checks `bodyFile`'s bytes as they are sent, and stops the request before its last byte
    /// when they do not match.
    public var bodyCheck: HTTPUploadCheck?
    /// When set, a 2xx response body is written to this open file descriptor as it arrives
    /// instead of being collected in `HTTPResponse.body`; other answers (errors) still are.
    public var responseBodyDescriptor: Int32?
    /// The first byte wanted, sent as `Range: bytes=N-` to resume a download: a 206 answer's
    /// body is appended to `responseBodyDescriptor`, while a 200 (a server that ignores ranges
    /// sends the whole object) replaces what that file holds.
    public var rangeStart: Int64?

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        bodyFile: HTTPFileRegion? = nil, responseBodyDescriptor: Int32? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
        self.responseBodyDescriptor = responseBodyDescriptor
    }
}

/// `length` bytes of the open file `descriptor` starting at `offset`, read with `pread` so that
/// several requests can send regions of one file at once and libcurl can rewind a request.
public struct HTTPFileRegion: Sendable, Equatable {
    public var descriptor: Int32
    public var offset: Int64
    public var length: Int64

    public init(descriptor: Int32, offset: Int64, length: Int64) {
        self.descriptor = descriptor
        self.offset = offset
        self.length = length
    }
}

/// What the server answered.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields in the order received, names lower-cased.
    public var headers: [(name: String, value: String)]
    /// The body, unless it went to the request's `responseBodyDescriptor`.
    public var body: [UInt8]
    /// How many body bytes were written to the request's `responseBodyDescriptor`.
    public var bytesWritten: Int64 = 0

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8], bytesWritten: Int64 = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bytesWritten = bytesWritten
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }

    /// The `ETag` header without its quotes or weak marker (`W/"…"` → `…`), nil when absent.
    public var entityTag: String? {
        guard var tag = header("etag")?.trimmingCharacters(in: .whitespaces), !tag.isEmpty else { return nil }
        if tag.hasPrefix("W/") { tag.removeFirst(2) }
        return tag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
}
