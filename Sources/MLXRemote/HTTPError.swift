import MLXCore

/// A request that did not get an HTTP answer: the connection failed, timed out or broke.
public struct HTTPError: ReportableError {
    /// The URL without its query, which may carry a signature; `description` masks its password.
    public let url: String
    /// The libcurl call that failed and libcurl's explanation.
    public let function: String
    public let message: String
    /// Whether trying again may help (connection refused, reset, timeout).
    public let isRetryable: Bool
    /// The `errno` when our own file failed (a download's destination could not be written).
    public var localErrorCode: Int32? = nil

    public var description: String { "request to \(URLRedaction.redact(url)) failed: \(message)" }
    public var cause: String? { "\(function) failed" }
    public var hint: String? {
        isRetryable ? "check that the endpoint is reachable and try again" : nil
    }
}
