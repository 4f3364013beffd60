import Foundation
import MLXCore

/// How S3's answers become `RemoteError`s: the server's `<Code>` and `<Message>` verbatim,
/// the kind from the code and status, and a hint that says what to change.
extension S3Remote {
    /// Codes that mean "try again later", whatever the status says.
    static let retryableCodes: Set<String> = [
        "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException",
        "RequestLimitExceeded", "TooManyRequests", "OperationAborted",
    ]
    static let credentialCodes: Set<String> = [
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
        "TokenRefreshRequired", "InvalidSecurity", "AllAccessDisabled",
    ]

    /// The `<Error>` document of a failed request, when it has one.
    struct ErrorBody {
        var code: String?
        var message: String?
        var region: String?
    }

    func errorBody(_ response: HTTPResponse) -> ErrorBody {
        guard !response.body.isEmpty, let root = try? XMLTree.parse(response.body), root.name == "Error" else {
            return ErrorBody(code: response.header("x-amz-error-code"), message: response.header("x-amz-error-message"),
                             region: response.header("x-amz-bucket-region"))
        }
        return ErrorBody(code: root.text(of: "Code"), message: root.text(of: "Message"),
                         region: root.text(of: "Region") ?? response.header("x-amz-bucket-region"))
    }

    /// The error for an HTTP answer that is not the success the caller wanted.
    func error(for response: HTTPResponse, key: String?) -> RemoteError {
        let body = errorBody(response)
        let status = response.status
        let kind: RemoteError.Kind
        if let code = body.code, Self.retryableCodes.contains(code) {
            kind = .retryable
        } else if status >= 500 || status == 429 {
            kind = .retryable
        } else if body.code == "NoSuchKey" || (status == 404 && body.code == nil && key != nil) {
            kind = .notFound
        } else {
            kind = .permanent
        }
        let message: String = switch (body.code, body.message) {
        case let (code?, text?): "\(code): \(text)"
        case let (code?, nil): code
        case let (nil, text?): "HTTP \(status): \(text)"
        case (nil, nil): "HTTP \(status) (\(Self.reason(status)))"
        }
        return RemoteError(kind, remote: displayName, key: key, message: redacted(message),
                           hint: hint(code: body.code, status: status, region: body.region).map(redacted))
    }

    /// The error for a request that got no answer at all.
    func error(for failure: HTTPError, key: String?) -> RemoteError {
        let hint = failure.isRetryable
            ? "check endpoint \(URLRedaction.redact(configuration.endpoint)) (mlx remote modify \(remoteName) endpoint URL) and the network"
            : nil
        return RemoteError(failure.isRetryable ? .retryable : .permanent, remote: displayName, key: key,
                           message: redacted(failure.description), hint: hint, localErrorCode: failure.localErrorCode)
    }

    private func hint(code: String?, status: Int, region: String?) -> String? {
        switch code {
        case let code? where Self.credentialCodes.contains(code):
            return credentialHint
        case nil where status == 401 || status == 403:
            return credentialHint
        case "NoSuchBucket":
            return "create the bucket \(configuration.bucket) or fix the url (mlx remote modify \(remoteName) url s3://BUCKET/PREFIX)"
        case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
            return "the bucket is in region \(region ?? "another region"): mlx remote modify \(remoteName) region \(region ?? "REGION")"
        case nil where status == 301:
            return "the bucket is in region \(region ?? "another region"): mlx remote modify \(remoteName) region \(region ?? "REGION")"
        case "RequestTimeTooSkewed":
            return "the system clock is off: S3 accepts signatures within 15 minutes of its time"
        default:
            return nil
        }
    }

    private var credentialHint: String {
        guard let credentials = configuration.credentials else {
            return "no credentials were found: set access_key_id and secret_access_key (mlx remote modify --local \(remoteName) …), "
                + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile"
        }
        return "check access_key_id/secret_access_key (mlx remote modify --local \(remoteName) …); "
            + "in use: \(credentials)"
    }

    static let shortestRedactedSecret = 8

    private var remoteName: String { configuration.name.isEmpty ? "NAME" : configuration.name }

    /// Removes the secret and session token from text that came back from the server, in
    /// case a server ever echoes them, and masks the password of any URL in it (the endpoint's).
    /// Secrets shorter than `shortestRedactedSecret` are left: a test server's secret "t" turned
    /// every t of "NoSuchBucket: The specified bucket does not exist" into `<redacted>`, and
    /// text that short hides nothing (AWS secret keys have 40 characters).
    func redacted(_ text: String) -> String {
        var text = text
        for secret in [configuration.credentials?.secretAccessKey.revealed, configuration.credentials?.sessionToken?.revealed] {
            if let secret, secret.count >= Self.shortestRedactedSecret {
                text = text.replacingOccurrences(of: secret, with: "<redacted>")
            }
        }
        return URLRedaction.redact(text)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 301: "moved permanently"
        case 400: "bad request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not found"
        case 405: "method not allowed"
        case 409: "conflict"
        case 411: "length required"
        case 412: "precondition failed"
        case 416: "range not satisfiable"
        case 429: "too many requests"
        case 500: "internal server error"
        case 502: "bad gateway"
        case 503: "service unavailable"
        case 504: "gateway timeout"
        default: "unexpected status"
        }
    }
}
