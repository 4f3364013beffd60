import Foundation

/// An S3-compatible server for tests: moto's server mode on 127.0.0.1.
///
/// `MotoServer.shared` is the one every S3 test uses: the server `scripts/test.sh` started
/// (`MLX_TEST_S3_ENDPOINT`), else one this process starts. Tests that need other settings
/// (signature checking) start their own with `MotoServer(environment:)`.
public final class MotoServer: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    private let process: Process?

    /// Uses `endpoint` as it is (a server someone else runs).
    public init(existing endpoint: String) {
        self.endpoint = endpoint
        process = nil
    }

    /// Starts `python3 -m moto.server` on a free port and waits until it accepts connections.
    /// `scripts/lib/moto_server.py` runs it and stops it on SIGTERM (deinit) or once the test
    /// process is gone: a static `shared` server is never deinitialized.
    public init(environment: [String: String] = [:], timeoutSeconds: Double = 30) throws {
        let port = try Self.freePort()
        let scratch = TemporaryDirectory("mlx-moto")
        let log = scratch.appending("moto.log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PackageRoot.scriptLibrary("moto_server.py"), String(port), log, String(getpid())]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        endpoint = "http://127.0.0.1:\(port)"

        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while !Self.accepts(port: port) {
            let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if ["No module named", "Traceback", "Address already in use"].contains(where: logText.contains) {
                throw ShellError(message: "moto did not start: \(logText.suffix(400))")
            }
            guard Date() < deadline else {
                throw ShellError(message: "moto did not answer on port \(port) within \(Int(timeoutSeconds))s: \(logText.suffix(400))")
            }
            usleep(100_000)
        }
        _ = scratch  // the log stays readable until moto is up
    }

    deinit {
        guard let process else { return }
        ServerProcess.stop(process, signal: SIGTERM)
    }

    /// The server for this test process, or why there is none.
    public static let shared: Result<MotoServer, ShellError> = {
        if let endpoint = ProcessInfo.processInfo.environment["MLX_TEST_S3_ENDPOINT"], !endpoint.isEmpty {
            return .success(MotoServer(existing: endpoint))
        }
        return TestServerStart.attempt { try MotoServer() }
    }()

    /// Whether S3 tests can run. When they cannot, prints why (once), unless
    /// `MLX_TEST_REQUIRE_S3=1` (as `scripts/test.sh` sets) demands them: then they run and fail
    /// loudly instead of being skipped.
    public static let isAvailable = TestServerStart.testsRun(shared, kind: "S3", requirement: "MLX_TEST_REQUIRE_S3",
                                                             install: "python3 -m pip install 'moto[server]'")

    /// The shared server's endpoint; throws the reason when there is none.
    public static func sharedEndpoint() throws -> String {
        try shared.get().endpoint
    }

    /// A bucket name no other test uses.
    public static func uniqueBucketName(_ label: String = "mlx") -> String {
        "\(label)-\(UUID().uuidString.lowercased().prefix(18))"
    }

    /// Creates a bucket no other test uses on the shared server (a plain PUT: moto takes any
    /// credentials); returns its name.
    public static func makeBucket(_ label: String, at endpoint: String) throws -> String {
        let bucket = uniqueBucketName(label)
        let created = try Shell.execute("/usr/bin/env", ["python3", PackageRoot.scriptLibrary("make_bucket.py"), endpoint, bucket])
        guard created.status == 0 else { throw ShellError(message: "cannot create bucket \(bucket): \(created.stderr)") }
        return bucket
    }

    /// Stores the local file `path` as `key` in `bucket` (a plain PUT, as for ``makeBucket(_:at:)``).
    public static func putObject(_ key: String, from path: String, in bucket: String, at endpoint: String) throws {
        let put = try Shell.execute("/usr/bin/env", ["python3", PackageRoot.scriptLibrary("put_object.py"), endpoint, bucket, key, path])
        guard put.status == 0 else { throw ShellError(message: "cannot store \(key) in \(bucket): \(put.stderr)") }
    }

    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ShellError(message: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw ShellError(message: "cannot bind a port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port on 127.0.0.1 that nothing listens on (for unreachable-endpoint tests).
    public static func closedPort() throws -> Int { try freePort() }
}
