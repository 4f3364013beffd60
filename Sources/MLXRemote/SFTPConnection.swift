internal import CCurl
import Foundation
import MLXCore

/// The one owner of a libcurl easy handle that speaks SFTP to one server. libcurl keeps the
/// SSH session open inside the handle, so every request after the first skips the key
/// exchange and login. Not shared between tasks: `SFTPConnectionPool` hands it to one request
/// at a time.
final class SFTPConnection {
    private let raw: UnsafeMutableRawPointer
    private let configuration: SSHRemoteConfiguration
    /// libcurl's CURLOPT_ERRORBUFFER: the detail behind a result code ("rename command failed: …").
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    init(configuration: SSHRemoteConfiguration) {
        CurlLibrary.initialize()
        guard let handle = curl_easy_init() else {
            preconditionFailure("curl_easy_init returned NULL: out of memory")
        }
        raw = handle
        self.configuration = configuration
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Runs `request` on this handle's session (opened first when there is none).
    func perform(_ request: SFTPRequest) throws(SFTPFailure) -> SFTPReply {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
        let transfer = SFTPTransfer(request.action)
        let context = Unmanaged.passRetained(transfer)
        defer { context.release() }
        var quote: UnsafeMutablePointer<curl_slist>?
        var postQuote: UnsafeMutablePointer<curl_slist>?
        defer {
            curl_slist_free_all(quote)
            curl_slist_free_all(postQuote)
        }
        try configureSession(context: context)
        try check(mlx_curl_setopt_string(raw, CURLOPT_URL, url(of: request.path, isFolder: request.isFolder)), "URL")
        for command in request.quote { quote = curl_slist_append(quote, command) }
        for command in request.postQuote { postQuote = curl_slist_append(postQuote, command) }
        if quote != nil { try check(mlx_curl_setopt_slist(raw, CURLOPT_QUOTE, quote), "QUOTE") }
        if postQuote != nil { try check(mlx_curl_setopt_slist(raw, CURLOPT_POSTQUOTE, postQuote), "POSTQUOTE") }
        switch request.action {
        case .stat, .commands:
            try check(mlx_curl_setopt_long(raw, CURLOPT_NOBODY, 1), "NOBODY")
        case .download(_, let offset):
            try check(mlx_curl_setopt_long(raw, CURLOPT_BUFFERSIZE, 4 << 20), "BUFFERSIZE")
            if offset > 0 { try check(mlx_curl_setopt_offset(raw, CURLOPT_RESUME_FROM_LARGE, curl_off_t(offset)), "RESUME_FROM_LARGE") }
        case .list:
            break
        case .upload(let region, _):
            try check(mlx_curl_setopt_long(raw, CURLOPT_UPLOAD, 1), "UPLOAD")
            try check(mlx_curl_setopt_long(raw, CURLOPT_UPLOAD_BUFFERSIZE, 2 << 20), "UPLOAD_BUFFERSIZE")
            try check(mlx_curl_setopt_offset(raw, CURLOPT_INFILESIZE_LARGE, curl_off_t(region.length)), "INFILESIZE_LARGE")
            try check(mlx_curl_setopt_long(raw, CURLOPT_FTP_CREATE_MISSING_DIRS, Int(CURLFTP_CREATE_DIR_RETRY.rawValue)), "FTP_CREATE_MISSING_DIRS")
            try check(mlx_curl_setopt_data_callback(raw, CURLOPT_READFUNCTION, { buffer, size, count, context in
                Unmanaged<SFTPTransfer>.fromOpaque(context!).takeUnretainedValue().readUpload(into: buffer!, capacity: size * count)
            }), "READFUNCTION")
            try check(mlx_curl_setopt_pointer(raw, CURLOPT_READDATA, context.toOpaque()), "READDATA")
        }
        try check(mlx_curl_setopt_data_callback(raw, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            Unmanaged<SFTPTransfer>.fromOpaque(context!).takeUnretainedValue().receive(UnsafeRawBufferPointer(start: data, count: size * count))
        }), "WRITEFUNCTION")
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_WRITEDATA, context.toOpaque()), "WRITEDATA")

        let result = curl_easy_perform(raw)
        guard result == CURLE_OK else { throw failure(result, transfer) }
        var length: curl_off_t = -1
        _ = mlx_curl_getinfo_offset(raw, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        return SFTPReply(size: length >= 0 ? Int64(length) : nil, body: transfer.body, bytesWritten: transfer.bytesWritten)
    }

    /// Login, host key checking and time limits, set again after every reset.
    private func configureSession(context: Unmanaged<SFTPTransfer>) throws(SFTPFailure) {
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), "ERRORBUFFER")
        try check(mlx_curl_setopt_long(raw, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        try check(mlx_curl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT, 15), "CONNECTTIMEOUT")
        // Fail a transfer that stalls below 1 byte/s for the timeout instead of hanging forever.
        try check(mlx_curl_setopt_long(raw, CURLOPT_LOW_SPEED_LIMIT, 1), "LOW_SPEED_LIMIT")
        try check(mlx_curl_setopt_long(raw, CURLOPT_LOW_SPEED_TIME, configuration.timeoutSeconds), "LOW_SPEED_TIME")
        try check(mlx_curl_setopt_string(raw, CURLOPT_USERNAME, configuration.user), "USERNAME")
        var methods = 0
        if let key = configuration.privateKey {
            methods |= Int(CURLSSH_AUTH_PUBLICKEY)
            try check(mlx_curl_setopt_string(raw, CURLOPT_SSH_PRIVATE_KEYFILE, key), "SSH_PRIVATE_KEYFILE")
        }
        if configuration.usesAgent { methods |= Int(CURLSSH_AUTH_AGENT) }
        if let password = configuration.password {
            methods |= Int(CURLSSH_AUTH_PASSWORD) | Int(CURLSSH_AUTH_KEYBOARD)
            try check(mlx_curl_setopt_string(raw, CURLOPT_PASSWORD, password.revealed), "PASSWORD")
        }
        try check(mlx_curl_setopt_long(raw, CURLOPT_SSH_AUTH_TYPES, methods), "SSH_AUTH_TYPES")
        try check(mlx_curl_setopt_string(raw, CURLOPT_SSH_KNOWNHOSTS, configuration.knownHosts), "SSH_KNOWNHOSTS")
        // libcurl's own default would also refuse an unknown or changed key; this callback
        // refuses the same ones and records which it was, so the error can say what to do.
        try check(mlx_curl_setopt_sshkey_callback(raw, CURLOPT_SSH_KEYFUNCTION, { _, _, _, match, context in
            let transfer = Unmanaged<SFTPTransfer>.fromOpaque(context!).takeUnretainedValue()
            guard match == CURLKHMATCH_OK else {
                transfer.hostKeyProblem = match == CURLKHMATCH_MISMATCH ? .changed : .unknown
                return Int32(CURLKHSTAT_REJECT.rawValue)
            }
            return Int32(CURLKHSTAT_FINE.rawValue)
        }), "SSH_KEYFUNCTION")
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_SSH_KEYDATA, context.toOpaque()), "SSH_KEYDATA")
    }

    /// `sftp://host:port/path`, percent-encoded; a path relative to the home folder goes
    /// under `/~/`, which libcurl resolves there.
    private func url(of path: String, isFolder: Bool) -> String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let absolute = path.hasPrefix("/") ? path : "/~/" + path
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "/-._~")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "sftp://\(host):\(configuration.port)\(encoded)" + (isFolder && !encoded.hasSuffix("/") ? "/" : "")
    }

    private func failure(_ code: CURLcode, _ transfer: SFTPTransfer) -> SFTPFailure {
        let detail = String(cString: errorBuffer)
        let message = (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail).lowercased()
        let kind: SFTPFailure.Kind
        if let problem = transfer.hostKeyProblem {
            kind = problem == .changed ? .hostKeyChanged : .hostKeyUnknown
        } else if let local = transfer.localFailure,
                  [CURLE_WRITE_ERROR, CURLE_ABORTED_BY_CALLBACK, CURLE_READ_ERROR].contains(code) {
            return SFTPFailure(kind: .local, message: local, localErrorCode: transfer.localErrorCode, bytesWritten: transfer.bytesWritten)
        } else {
            switch code {
            case CURLE_LOGIN_DENIED: kind = .authentication
            case CURLE_REMOTE_FILE_NOT_FOUND: kind = .notFound
            case CURLE_QUOTE_ERROR: kind = .command
            case CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING,
                 CURLE_PARTIAL_FILE, CURLE_COULDNT_RESOLVE_HOST, CURLE_SSH, CURLE_AGAIN:
                kind = .retryable
            default: kind = .permanent
            }
        }
        return SFTPFailure(kind: kind, message: message, bytesWritten: transfer.bytesWritten)
    }

    private func check(_ code: CURLcode, _ option: String) throws(SFTPFailure) {
        guard code != CURLE_OK else { return }
        throw SFTPFailure(kind: .permanent, message: "curl_easy_setopt(\(option)) failed: \(String(cString: curl_easy_strerror(code)).lowercased())")
    }
}
