import Foundation

/// A WebDAV server for tests: wsgidav on 127.0.0.1 at a free port, serving a fresh folder,
/// started by `scripts/lib/webdav_server.py` and stopped on release (or once the test process
/// is gone). Every request it gets is logged, so tests can check what mlx asked for.
public final class WebDAVServer: @unchecked Sendable {
    /// The user and password of a server started with a login.
    public static let user = "mlx"
    public static let password = "dav-secret-42"

    public let port: Int
    /// The folder it serves.
    public let root: String
    /// The certificate a TLS server presents (self-signed, for 127.0.0.1), or nil for plain HTTP.
    public let certificate: String?
    /// `http://127.0.0.1:PORT`, or `https://…` with TLS.
    public var baseURL: String { "\(certificate == nil ? "http" : "https")://127.0.0.1:\(port)" }
    private let process: Process
    private let scratch: TemporaryDirectory

    /// - Parameters:
    ///   - requiresLogin: only `user` with `password` may read or write (basic auth, or digest).
    ///   - readOnly: nothing may be written.
    ///   - tls: serve HTTPS with a self-signed certificate for 127.0.0.1 made with `openssl`.
    public init(requiresLogin: Bool = true, digest: Bool = false, readOnly: Bool = false, tls: Bool = false) throws {
        scratch = TemporaryDirectory("mlx-webdav")
        certificate = tls ? scratch.appending("cert.pem") : nil
        root = scratch.appending("root")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var arguments = [PackageRoot.scriptLibrary("webdav_server.py"), root, scratch.appending("requests.log"), String(getpid())]
        if requiresLogin { arguments += ["--user", Self.user, "--password", Self.password] }
        if digest { arguments.append("--digest") }
        if readOnly { arguments.append("--readonly") }
        if let certificate {
            let key = scratch.appending("key.pem")
            let made = try Shell.execute("/usr/bin/env", [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
            ])
            guard made.status == 0 else { throw ShellError(message: "openssl could not make a certificate: \(made.stderr)") }
            arguments += ["--tls", certificate, key]
        }
        let (process, line) = try ServerProcess.startPython(arguments)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).prefix { $0.isNumber }) else {
            ServerProcess.stop(process)
            throw ShellError(message: "wsgidav did not start: \(line.isEmpty ? "no output (is it installed?)" : line)")
        }
        self.process = process
        self.port = port
    }

    deinit {
        ServerProcess.stop(process)
    }

    /// The requests so far, as `METHOD PATH RANGE` lines (RANGE is `-` when none was asked).
    public func requests() -> [String] {
        let text = (try? String(contentsOfFile: scratch.appending("requests.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Why WebDAV tests cannot run here, or nil when they can: wsgidav must import.
    public static let unavailableReason: String? = {
        let probe = try? Shell.execute("/usr/bin/env", ["python3", "-c", "import wsgidav, cheroot"])
        return probe?.status == 0 ? nil : "wsgidav is not installed (python3 -m pip install wsgidav cheroot)"
    }()

    /// Whether WebDAV tests can run. When they cannot, prints why (once), unless
    /// `MLX_TEST_REQUIRE_WEBDAV=1` (as `scripts/test.sh` sets) demands them: then they run and
    /// fail loudly instead of being skipped.
    public static let isAvailable: Bool = {
        guard let reason = unavailableReason else { return true }
        if ProcessInfo.processInfo.environment["MLX_TEST_REQUIRE_WEBDAV"] == "1" { return true }
        FileHandle.standardError.write(Data("note: WebDAV tests skipped: \(reason)\n".utf8))
        return false
    }()
}
