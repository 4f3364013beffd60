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
    func perform(_ request: HTTPRequest, timeoutSeconds: Int) throws(HTTPError) -> HTTPResponse {
        curl_easy_reset(raw)
        let sink = ResponseSink()
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
        // Without this libcurl adds `Expect: 100-continue` and waits on every upload.
        headerList = curl_slist_append(headerList, "Expect:")
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        try check(mlx_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList), "curl_easy_setopt(HTTPHEADER)", request)
        try check(mlx_curl_setopt_data_callback(raw, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }), "curl_easy_setopt(WRITEFUNCTION)", request)
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_WRITEDATA, context.toOpaque()), "curl_easy_setopt(WRITEDATA)", request)
        try check(mlx_curl_setopt_data_callback(raw, CURLOPT_HEADERFUNCTION, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            sink.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }), "curl_easy_setopt(HEADERFUNCTION)", request)
        try check(mlx_curl_setopt_pointer(raw, CURLOPT_HEADERDATA, context.toOpaque()), "curl_easy_setopt(HEADERDATA)", request)

        try check(curl_easy_perform(raw), "curl_easy_perform", request)
        var status = 0
        try check(mlx_curl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status), "curl_easy_getinfo(RESPONSE_CODE)", request)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    /// Turns a libcurl result code into an `HTTPError` naming the call that failed.
    private func check(_ code: CURLcode, _ function: String, _ request: HTTPRequest) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        let message = String(cString: curl_easy_strerror(code))
        let retryable: Set<CURLcode> = [
            CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
            CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_COULDNT_RESOLVE_HOST,
        ]
        let url = request.url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.url
        throw HTTPError(url: url, function: function, message: message.lowercased(), isRetryable: retryable.contains(code))
    }
}

/// Collects what libcurl's callbacks deliver for one transfer.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []

    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new status line (after a redirect or 100 Continue) starts a new header block.
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers.append((name, value))
    }
}
