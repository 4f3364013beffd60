internal import CCurl
import Foundation

/// The one owner of a libcurl easy handle; frees it on deinit. Not shared between tasks:
/// `HTTPClient` hands each handle to one request at a time.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer

    init() {
        CurlLibrary.initialize()
        guard let handle = curl_easy_init() else {
            preconditionFailure("curl_easy_init returned NULL: out of memory")
        }
        raw = handle
    }

    deinit { curl_easy_cleanup(raw) }

    /// Runs `request`, reusing this handle's connection when the server allows it.
    func perform(
        _ request: HTTPRequest, timeoutSeconds: Int, verifiesTLS: Bool = true, certificateAuthorities: String? = nil, login: HTTPLogin? = nil
    ) throws(HTTPError) -> HTTPResponse {
        curl_easy_reset(raw)
        let sink = ResponseSink(responseDescriptor: request.responseBodyDescriptor, upload: request.bodyFile, uploadCheck: request.bodyCheck,
                                resumes: request.rangeStart != nil)
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        try check(mlx_curl_setopt_string(raw, CURLOPT_URL, request.url), "curl_easy_setopt(URL)", request)
        try check(mlx_curl_setopt_long(raw, CURLOPT_NOSIGNAL, 1), "curl_easy_setopt(NOSIGNAL)", request)
        try check(mlx_curl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT, 10), "curl_easy_setopt(CONNECTTIMEOUT)", request)
        // Fail a transfer that stalls below 1 byte/s for the timeout instead of hanging forever.
        try check(mlx_curl_setopt_long(raw, CURLOPT_LOW_SPEED_LIMIT, 1), "curl_easy_setopt(LOW_SPEED_LIMIT)", request)
        try check(mlx_curl_setopt_long(raw, CURLOPT_LOW_SPEED_TIME, timeoutSeconds), "curl_easy_setopt(LOW_SPEED_TIME)", request)
        // S3 keys may contain `.`/`..` segments and are signed as sent: libcurl must not squash them.
        try check(mlx_curl_setopt_long(raw, CURLOPT_PATH_AS_IS, 1), "curl_easy_setopt(PATH_AS_IS)", request)
        if !verifiesTLS {
            try check(mlx_curl_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 0), "curl_easy_setopt(SSL_VERIFYPEER)", request)
            try check(mlx_curl_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 0), "curl_easy_setopt(SSL_VERIFYHOST)", request)
        }
        if let certificateAuthorities {
            try check(mlx_curl_setopt_string(raw, CURLOPT_CAINFO, certificateAuthorities), "curl_easy_setopt(CAINFO)", request)
        }
        if let login {
            try check(mlx_curl_setopt_string(raw, CURLOPT_USERNAME, login.user), "curl_easy_setopt(USERNAME)", request)
            try check(mlx_curl_setopt_string(raw, CURLOPT_PASSWORD, login.password.revealed), "curl_easy_setopt(PASSWORD)", request)
            let scheme = login.scheme == .digest ? mlx_curlauth_digest : mlx_curlauth_basic
            try check(mlx_curl_setopt_long(raw, CURLOPT_HTTPAUTH, scheme), "curl_easy_setopt(HTTPAUTH)", request)
        }
        if let region = request.bodyFile {
            try streamBody(from: region, context: context, request)
        } else {
            switch request.method {
            case "GET":
                break
            case "HEAD":
                try check(mlx_curl_setopt_long(raw, CURLOPT_NOBODY, 1), "curl_easy_setopt(NOBODY)", request)
            default:
                try check(mlx_curl_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method), "curl_easy_setopt(CUSTOMREQUEST)", request)
            }
            if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
                try check(mlx_curl_setopt_offset(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)), "curl_easy_setopt(POSTFIELDSIZE_LARGE)", request)
                try request.body.withUnsafeBufferPointer { buffer throws(HTTPError) in
                    let pointer = UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    try check(mlx_curl_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, pointer), "curl_easy_setopt(COPYPOSTFIELDS)", request)
                }
            }
        }
        // Without this libcurl adds `Expect: 100-continue` and waits on every upload.
        headerList = curl_slist_append(headerList, "Expect:")
        if let start = request.rangeStart {
            headerList = curl_slist_append(headerList, "Range: bytes=\(start)-")
        }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        try check(mlx_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList), "curl_easy_setopt(HTTPHEADER)", request)
        try check(mlx_curl_setopt_data_callback(raw, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            return sink.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }), "curl_easy_setopt(WRITEFUNCTION)", request)
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_WRITEDATA, context.toOpaque()), "curl_easy_setopt(WRITEDATA)", request)
        try check(mlx_curl_setopt_data_callback(raw, CURLOPT_HEADERFUNCTION, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            sink.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }), "curl_easy_setopt(HEADERFUNCTION)", request)
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_HEADERDATA, context.toOpaque()), "curl_easy_setopt(HEADERDATA)", request)

        let result = curl_easy_perform(raw)
        if let failure = sink.localFailure, result == CURLE_WRITE_ERROR || result == CURLE_ABORTED_BY_CALLBACK || result == CURLE_READ_ERROR {
            // Our own file failed, not the network: say which and why, and do not suggest a retry.
            throw HTTPError(url: Self.withoutQuery(request.url), function: "curl_easy_perform", message: failure, isRetryable: false,
                            localErrorCode: sink.localErrorCode)
        }
        try check(result, "curl_easy_perform", request)
        var status = 0
        try check(mlx_curl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status), "curl_easy_getinfo(RESPONSE_CODE)", request)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body, bytesWritten: sink.bytesWritten)
    }

    /// Makes libcurl pull the body from `region` through READFUNCTION (and rewind it through
    /// SEEKFUNCTION when a request has to be re-sent) instead of holding it in memory.
    private func streamBody(from region: HTTPFileRegion, context: Unmanaged<ResponseSink>, _ request: HTTPRequest) throws(HTTPError) {
        // UPLOAD makes the request a PUT whose body comes from READFUNCTION.
        try check(mlx_curl_setopt_long(raw, CURLOPT_UPLOAD, 1), "curl_easy_setopt(UPLOAD)", request)
        try check(mlx_curl_setopt_offset(raw, CURLOPT_INFILESIZE_LARGE, curl_off_t(region.length)), "curl_easy_setopt(INFILESIZE_LARGE)", request)
        try check(mlx_curl_setopt_data_callback(raw, CURLOPT_READFUNCTION, { buffer, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            return sink.readUpload(into: buffer!, capacity: size * count)
        }), "curl_easy_setopt(READFUNCTION)", request)
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_READDATA, context.toOpaque()), "curl_easy_setopt(READDATA)", request)
        try check(mlx_curl_setopt_seek_callback(raw, CURLOPT_SEEKFUNCTION, { context, offset, origin in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            return sink.seekUpload(to: Int64(offset), origin: origin)
        }), "curl_easy_setopt(SEEKFUNCTION)", request)
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_SEEKDATA, context.toOpaque()), "curl_easy_setopt(SEEKDATA)", request)
        if request.method != "PUT" {
            try check(mlx_curl_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method), "curl_easy_setopt(CUSTOMREQUEST)", request)
        }
    }

    private static func withoutQuery(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }

    /// Turns a libcurl result code into an `HTTPError` naming the call that failed.
    private func check(_ code: CURLcode, _ function: String, _ request: HTTPRequest) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        let message = String(cString: curl_easy_strerror(code))
        let retryable: Set<CURLcode> = [
            CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
            CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_COULDNT_RESOLVE_HOST,
        ]
        throw HTTPError(url: Self.withoutQuery(request.url), function: function, message: message.lowercased(), isRetryable: retryable.contains(code))
    }
}

/// Collects what libcurl's callbacks deliver for one transfer, and feeds it an upload body.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    /// The status of the header block being received, so that the body knows where to go.
    var status = 0
    let responseDescriptor: Int32?
    var bytesWritten: Int64 = 0
    let upload: HTTPFileRegion?
    let uploadCheck: HTTPUploadCheck?
    var uploadPosition: Int64 = 0
    /// Why a callback stopped the transfer because of a local file.
    var localFailure: String?
    /// The `errno` of a failed write to the response's file.
    var localErrorCode: Int32?
    /// Whether the request asked for a range, so that a whole-object answer must first empty the file.
    var resumes: Bool

    init(responseDescriptor: Int32?, upload: HTTPFileRegion?, uploadCheck: HTTPUploadCheck?, resumes: Bool = false) {
        self.responseDescriptor = responseDescriptor
        self.upload = upload
        self.uploadCheck = uploadCheck
        self.resumes = resumes
    }

    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        // Byte-level on purpose: Foundation's trimmingCharacters(in:) here was half of a pull's
        // user CPU (five header lines per object, each bridged through NSString).
        let line = Self.trimmed(bytes[...])
        if line.starts(with: "HTTP/".utf8) {
            // A new status line (after a redirect or 100 Continue) starts a new header block.
            headers.removeAll()
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
            status = fields.count > 1 ? Int(String(decoding: fields[1], as: UTF8.self)) ?? 0 : 0
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
        headers.append((name, value))
    }

    /// `bytes` without the spaces, tabs, CRs and LFs at either end.
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.startIndex..<bytes.startIndex]
        }
        return bytes[first...last]
    }
}

extension ResponseSink {
    /// A 2xx body goes to the descriptor when there is one; anything else to memory.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let descriptor = responseDescriptor, (200..<300).contains(status) else {
            body.append(contentsOf: bytes)
            return bytes.count
        }
        if resumes && status == 200 {
            resumes = false
            guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
                localErrorCode = errno
                localFailure = "cannot restart the download: \(String(cString: strerror(errno)).lowercased())"
                return 0
            }
        }
        if let code = TransferFile.writeAll(bytes, to: descriptor) {
            localErrorCode = code
            localFailure = "cannot write the downloaded data: \(String(cString: strerror(code)).lowercased())"
            return 0
        }
        bytesWritten += Int64(bytes.count)
        return bytes.count
    }

    func readUpload(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        guard let region = upload else { return 0 }
        let wanted = Int(min(Int64(capacity), region.length - uploadPosition))
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(region.descriptor, buffer, wanted, off_t(region.offset + uploadPosition))
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                localFailure = count == 0
                    ? "the file to upload ended early (it changed while being sent)"
                    : "cannot read the file to upload: \(String(cString: strerror(errno)).lowercased())"
                return Int(CURL_READFUNC_ABORT)
            }
            if let check = uploadCheck,
               !check.accept(UnsafeRawBufferPointer(start: buffer, count: count), at: region.offset + uploadPosition) {
                localFailure = "the file to upload does not match its name"
                return Int(CURL_READFUNC_ABORT)
            }
            uploadPosition += Int64(count)
            return count
        }
    }

    func seekUpload(to offset: Int64, origin: Int32) -> Int32 {
        guard origin == SEEK_SET, let region = upload, offset >= 0, offset <= region.length else {
            return Int32(CURL_SEEKFUNC_CANTSEEK)
        }
        uploadPosition = offset
        return Int32(CURL_SEEKFUNC_OK)
    }
}
