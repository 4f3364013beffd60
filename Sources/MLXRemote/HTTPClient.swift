import Synchronization

/// Sends HTTP requests through libcurl, keeping idle handles so that connections are reused.
/// Each handle serves one request at a time; concurrent callers get separate handles.
public final class HTTPClient: Sendable {
    private let idle = Mutex<[CurlEasyHandleBox]>([])
    private let timeoutSeconds: Int
    private let verifiesTLS: Bool
    private let certificateAuthorities: String?
    private let login: HTTPLogin?

    /// - Parameters:
    ///   - timeoutSeconds: a transfer that moves no byte for this long fails (retryable).
    ///   - verifiesTLS: false accepts any certificate (a remote's `ssl_verify = false`, for
    ///     self-signed test servers).
    ///   - certificateAuthorities: a PEM file of the authorities server certificates are
    ///     checked against instead of the system's (a remote's `ssl_verify = PATH`).
    ///   - login: answers the server's authentication challenge (HTTP and WebDAV remotes).
    public init(timeoutSeconds: Int = 60, verifiesTLS: Bool = true, certificateAuthorities: String? = nil, login: HTTPLogin? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.verifiesTLS = verifiesTLS
        self.certificateAuthorities = certificateAuthorities
        self.login = login
    }

    /// Sends `request` and returns the server's answer, whatever its status code.
    /// Throws `HTTPError` only when no answer arrived.
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let box = idle.withLock { $0.popLast() } ?? CurlEasyHandleBox()
        let response = try box.withHandle { handle throws(HTTPError) in
            try handle.perform(request, timeoutSeconds: timeoutSeconds, verifiesTLS: verifiesTLS,
                               certificateAuthorities: certificateAuthorities, login: login)
        }
        idle.withLock { $0.append(box) }
        return response
    }

    /// `GET url`.
    public func get(_ url: String, headers: [(name: String, value: String)] = []) throws(HTTPError) -> HTTPResponse {
        try send(HTTPRequest(method: "GET", url: url, headers: headers))
    }
}

/// Moves a handle between threads. Sound because a box is only ever in the idle list or
/// in the hands of the one request that took it out.
private final class CurlEasyHandleBox: @unchecked Sendable {
    private let handle = CurlEasyHandle()

    func withHandle<R>(_ body: (CurlEasyHandle) throws(HTTPError) -> R) throws(HTTPError) -> R {
        try body(handle)
    }
}
