import Foundation

/// A real OpenSSH server for tests: `sshd` on 127.0.0.1 and a free port, with its own
/// configuration, host key and one authorized user key, all generated in a scratch folder.
///
/// The server runs as the test process's user (root here: the configuration allows root
/// logins, and `StrictModes no` lets it read keys in a world-readable temporary folder). A
/// watcher shell stops it once the test process is gone: a static `shared` server is never
/// deinitialized.
public final class SSHServer: @unchecked Sendable {
    public let port: Int
    /// The scratch folder: keys, configuration, log, and `data/` for remotes.
    public let folder: String
    /// The private key the server accepts.
    public let userKey: String
    /// A `known_hosts` file that trusts exactly this server's host key.
    public let knownHosts: String
    /// The login the server accepts (the test process's user).
    public let user: String
    private let process: Process
    private let scratch = TemporaryDirectory("mlx-sshd")

    /// The sshd binary, when `openssh-server` is installed.
    public static let sshdPath: String? = ["/usr/sbin/sshd", "/usr/local/sbin/sshd"].first { FileManager.default.isExecutableFile(atPath: $0) }

    public init(timeoutSeconds: Double = 20) throws {
        guard let sshd = Self.sshdPath else { throw ShellError(message: "sshd is not installed") }
        folder = scratch.path
        user = NSUserName()
        userKey = folder + "/user_key"
        knownHosts = folder + "/known_hosts"
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        let hostKey = try Self.generateKey(folder + "/host_key")
        try Self.generateKey(userKey)
        try FileManager.default.copyItem(atPath: userKey + ".pub", toPath: folder + "/authorized_keys")
        // sshd started by root checks for its privilege separation folder, which only the
        // distribution's service creates.
        if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
        port = try MotoServer.closedPort()
        try """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(folder)/host_key
        PidFile none
        AuthorizedKeysFile \(folder)/authorized_keys
        StrictModes no
        UsePAM no
        PermitRootLogin yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        MaxStartups 64:30:128
        Subsystem sftp internal-sftp

        """.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
        try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", """
            "$0" -D -e -f "$1/sshd_config" 2>"$1/sshd.log" & child=$!
            trap 'kill $child; exit 0' TERM
            while kill -0 "$2" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
            kill $child 2>/dev/null
            """, sshd, folder, String(getpid())]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while !MotoServer.accepts(port: port) {
            let log = (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? ""
            guard process.isRunning, Date() < deadline else {
                ServerProcess.stop(process, signal: SIGTERM)
                throw ShellError(message: "sshd did not start on port \(port): \(log.suffix(400))")
            }
            usleep(50_000)
        }
    }

    deinit {
        ServerProcess.stop(process, signal: SIGTERM)
    }

    /// `ssh://user@127.0.0.1:PORT/<folder>/data/<name>`: a new remote folder on this server.
    public func url(_ name: String) -> String {
        "ssh://\(user)@127.0.0.1:\(port)\(folder)/data/\(name)"
    }

    /// The local path of what `url(name)` names (the server is on this machine).
    public func path(_ name: String) -> String { folder + "/data/" + name }

    /// Generates an ed25519 key pair without a passphrase; returns the public key's
    /// `type base64` (as `known_hosts` holds it).
    @discardableResult
    public static func generateKey(_ path: String) throws -> String {
        let result = try Shell.execute("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "mlx-test", "-f", path])
        guard result.status == 0 else { throw ShellError(message: "ssh-keygen failed: \(result.stderr)") }
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        return publicKey.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// The server for this test process, or why there is none.
    public static let shared: Result<SSHServer, ShellError> = {
        return TestServerStart.attempt { try SSHServer() }
    }()

    /// Whether SSH tests can run. When they cannot, prints why (once), unless
    /// `MLX_TEST_REQUIRE_SSH=1` (as `scripts/test.sh` sets) demands them: then they run and
    /// fail loudly instead of being skipped.
    public static let isAvailable = TestServerStart.testsRun(shared, kind: "SSH", requirement: "MLX_TEST_REQUIRE_SSH",
                                                             install: "apt-get install openssh-server")

    /// The shared server; throws the reason when there is none.
    public static func sharedServer() throws -> SSHServer {
        try shared.get()
    }
}
