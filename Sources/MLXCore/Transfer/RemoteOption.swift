/// An option of a `[remote "NAME"]` section (SPEC §4), named as config files hold it.
///
/// git-config keys may hold only letters, digits and `-`, so the raw value is the hyphenated
/// spelling (`access-key-id`); users may also write SPEC's `access_key_id`.
public enum RemoteOption: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A path, `file://…`, `s3://bucket[/prefix]`, `http(s)://…`, `webdav(s)://…`, or
    /// `ssh://[user@]host[:port]/path` (or `sftp://`).
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
    /// Whether TLS certificates are checked: a boolean, or (HTTP and WebDAV, as DVC) the path
    /// of the authorities' certificates to check them against.
    case sslVerify = "ssl-verify"
    /// The user name an HTTP, WebDAV or SSH server is logged in to with (for SSH, when the URL
    /// names none).
    case user
    /// The password of `user` (a secret; with `auth = custom`, the value of `custom_auth_header`).
    case password
    /// How an HTTP remote logs in: `basic`, `digest` or `custom` (DVC's names).
    case auth
    /// The header that carries `password` with `auth = custom`.
    case customAuthHeader = "custom-auth-header"
    /// A bearer token sent to a WebDAV server.
    case token
    /// Seconds an HTTP or WebDAV transfer may go without moving a byte.
    case timeout
    /// The HTTP method a plain HTTP remote uploads with: `PUT` or `POST`.
    case method
    /// The SSH port, when the URL names none.
    case port
    /// The SSH private key file to log in with.
    case keyfile
    /// The file of trusted SSH host keys (OpenSSH's `known_hosts` format).
    case knownHosts = "known-hosts"

    /// The options a remote's adapter reads: all but the URL and the transfer queue's settings.
    public static let adapterOptions: [RemoteOption] = allCases.filter { ![.url, .jobs, .retries].contains($0) }

    /// The schemes of the URLs mlx has an adapter for (besides plain folder paths).
    public static let urlSchemes = ["s3", "file", "http", "https", "webdav", "webdavs", "ssh", "sftp"]

    /// The smallest `part-size`: S3 rejects smaller parts, except the last.
    public static let minimumPartSize: Int64 = 5 << 20

    /// Whether the value is a credential: kept out of the committed config and masked in output.
    public var isSecret: Bool {
        self == .secretAccessKey || self == .sessionToken || self == .password || self == .token
    }

    public var description: String { rawValue }
}
