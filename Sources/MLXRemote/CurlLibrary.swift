internal import CCurl

/// libcurl's process-wide setup, which must run once before any handle exists.
public enum CurlLibrary {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    /// Calls `curl_global_init` the first time; later calls do nothing.
    public static func initialize() {
        precondition(initialized, "curl_global_init failed")
    }
}
