/// An option of a `[remote "NAME"]` section (SPEC §4), named as config files hold it.
///
/// git-config keys may hold only letters, digits and `-`, so the raw value is the hyphenated
/// spelling (`access-key-id`); users may also write SPEC's `access_key_id`.
public enum RemoteOption: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A path, `file://…`, `s3://bucket[/prefix]`, or `ssh://[user@]host[:port]/path` (or `sftp://`).
    case url
    /// An S3-compatible server's address, instead of AWS's.
    case endpoint
    /// The S3 region.
    case region
    /// The AWS profile credentials and settings are read from.
    case profile
    /// The S3 access key's id.
    case accessKeyID = "access-key-id"
    /// The S3 access key's secret.
    case secretAccessKey = "secret-access-key"
    /// A temporary S3 credential's token.
    case sessionToken = "session-token"
    /// S3 requests name the bucket in the path rather than the host.
    case pathStyle = "path-style"
    /// Transfers at once; read by the transfer queue, not the adapter.
    case jobs
    /// The size of each part of an S3 multipart upload.
    case partSize = "part-size"
    /// Tries again after a failed transfer; read by the transfer queue, not the adapter.
    case retries
    /// Whether TLS certificates are checked.
    case sslVerify = "ssl-verify"
    /// The SSH login name, when the URL names none.
    case user
    /// The SSH port, when the URL names none.
    case port
    /// The SSH private key file to log in with.
    case keyfile
    /// The SSH password (a secret).
    case password
    /// The file of trusted SSH host keys (OpenSSH's `known_hosts` format).
    case knownHosts = "known-hosts"

    /// The options a remote's adapter reads: all but the URL and the transfer queue's settings.
    public static let adapterOptions: [RemoteOption] = allCases.filter { ![.url, .jobs, .retries].contains($0) }

    /// The schemes of the URLs mlx has an adapter for (besides plain folder paths).
    public static let urlSchemes = ["s3", "file", "ssh", "sftp"]

    /// The smallest `part-size`: S3 rejects smaller parts, except the last.
    public static let minimumPartSize: Int64 = 5 << 20

    /// Whether the value is a credential: kept out of the committed config and masked in output.
    public var isSecret: Bool {
        self == .secretAccessKey || self == .sessionToken || self == .password
    }

    public var description: String { rawValue }
}
