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

    /// The version of the libcurl mlx runs with (`curl_version_info`), such as `7.88.1`.
    public static var version: String {
        // CURLVERSION_NOW is a macro Swift cannot import; the first struct age already has
        // `version`, the only field read here.
        guard let info = curl_version_info(CURLVERSION_FIRST), let text = info.pointee.version else { return "unknown" }
        return String(cString: text)
    }
}
