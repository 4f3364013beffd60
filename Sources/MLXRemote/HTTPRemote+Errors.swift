import MLXCore

/// Turns HTTP answers and failed connections into `RemoteError`s whose hint says what to change.
extension HTTPRemote {
    /// The error for an answer that is not the success the caller wanted to `method`.
    func error(for response: HTTPResponse, method: String, key: String?) -> RemoteError {
        let status = response.status
        let kind: RemoteError.Kind
        if status == 408 || status == 429 || (status >= 500 && status != 501 && status != 507) {
            kind = .retryable
        } else if (status == 404 || status == 410) && key != nil {
            kind = .notFound
        } else {
            kind = .permanent
        }
        var message = "HTTP \(status) (\(Self.reason(status))) on \(method)"
        var hint: String?
        switch status {
        case 401:
            message += ": the server refused the login"
            hint = loginHint
        case 403:
            message += ": the server does not let \(configuration.login.map { "user \($0.user)" } ?? "this client") do that"
            hint = isUpload(method) && !configuration.speaksWebDAV ? readOnlyHint : loginHint
        case 405, 501:
            message += ": the server does not accept \(method) here"
            hint = configuration.speaksWebDAV
                ? "check that the url points into a folder the WebDAV server lets you write"
                : readOnlyHint
        case 409:
            message += configuration.speaksWebDAV ? ": a folder on the way to the object is missing or is a file" : ""
        case 507:
            message += ": the server is out of space"
        default:
            break
        }
        var error = RemoteError(kind, remote: displayName, key: key, message: message, hint: hint)
        // A refused login, or a server that takes no uploads at all, fails every object alike.
        error.endsBatch = status == 401 || ((status == 405 || status == 501) && isUpload(method))
        return error
    }

    /// The error for a request that got no answer at all.
    func error(for failure: HTTPError, key: String?) -> RemoteError {
        var hint: String?
        if failure.isRetryable {
            hint = "check that \(URLRedaction.redact(configuration.url)) is reachable (mlx remote modify \(remoteName) url URL) and the network"
        } else if failure.message.contains("certificate") {
            hint = "to trust the server's certificate authority: mlx remote modify \(remoteName) ssl_verify /path/to/ca.pem "
                + "(false skips the check)"
        }
        return RemoteError(failure.isRetryable ? .retryable : .permanent, remote: displayName, key: key,
                           message: failure.description, hint: hint, localErrorCode: failure.localErrorCode)
    }

    private func isUpload(_ method: String) -> Bool { method == "PUT" || method == "POST" || method == "MKCOL" || method == "MOVE" }

    private var remoteName: String { configuration.name.isEmpty ? "NAME" : configuration.name }

    private var loginHint: String {
        let command = "mlx remote modify --local \(remoteName)"
        if let login = configuration.login {
            return "check the user and password (\(command) password PASSWORD); in use: \(login)"
        }
        if configuration.authorizationHeader != nil {
            return "check the token or custom header's value (\(command) token TOKEN, or \(command) password VALUE)"
        }
        return "the server wants a login: \(command) user NAME, then \(command) password PASSWORD"
    }

    private var readOnlyHint: String {
        "a plain HTTP server is read-only to mlx unless it accepts \(configuration.uploadMethod); for a WebDAV server "
            + "write the url as webdav:// or webdavs:// (mlx remote modify \(remoteName) url …), or push to another remote"
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 400: "bad request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not found"
        case 405: "method not allowed"
        case 408: "request timeout"
        case 409: "conflict"
        case 411: "length required"
        case 412: "precondition failed"
        case 413: "content too large"
        case 416: "range not satisfiable"
        case 423: "locked"
        case 429: "too many requests"
        case 500: "internal server error"
        case 501: "not implemented"
        case 502: "bad gateway"
        case 503: "service unavailable"
        case 504: "gateway timeout"
        case 507: "insufficient storage"
        default: "unexpected status"
        }
    }
}
