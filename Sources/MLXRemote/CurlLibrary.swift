internal import CCurl
import MLXCore

/// libcurl's process-wide setup. mlx loads libcurl on first use (see CCurl's curl_loader.c), so
/// commands that never reach a network remote do not pay for its thirty-odd libraries.
public enum CurlLibrary {
    /// Why libcurl could not be loaded, or nil once it is loaded and initialised.
    private static let failure: String? = {
        if let reason = mlx_curl_load() { return String(cString: reason) }
        return curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK ? nil : "curl_global_init failed"
    }()

    /// Loads and initialises libcurl the first time; later calls only repeat the outcome.
    ///
    /// - Throws: ``RemoteConfigurationError`` naming `remote` when libcurl is missing, with the
    ///   package that provides it.
    public static func load(for remote: String) throws(RemoteConfigurationError) {
        if let failure {
            throw RemoteConfigurationError(
                remote: remote, message: "needs libcurl, which could not be loaded: \(failure)",
                hint: "install libcurl (Debian/Ubuntu: apt install libcurl4)")
        }
    }

    /// Called before any handle is made; ``load(for:)`` has reported a failure by then.
    static func initialize() {
        precondition(failure == nil, "libcurl used before CurlLibrary.load succeeded: \(failure ?? "")")
    }

    /// The version of the libcurl mlx runs with (`curl_version_info`), such as `7.88.1`, or
    /// why it cannot be loaded.
    public static var version: String {
        if let failure { return "not loadable (\(failure))" }
        // CURLVERSION_NOW is a macro Swift cannot import; the first struct age already has
        // `version`, the only field read here.
        guard let info = curl_version_info(CURLVERSION_FIRST), let text = info.pointee.version else { return "unknown" }
        return String(cString: text)
    }
}
