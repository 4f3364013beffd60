/// A remote as the configuration describes it (`[remote "NAME"]`), as typed values: MLXGit's
/// `RemoteRegistry` reads it from the config files, the adapters are built from it, and tests
/// fill it by hand.
public struct RemoteSettings: Sendable, Equatable {
    /// How often a failed transfer is tried again when `retries` is not set.
    public static let defaultRetries = 5

    /// The name of the `[remote "NAME"]` section.
    public let name: String
    /// `remote.<name>.url`: a path, `file://…`, or `s3://bucket[/prefix]`.
    public let url: String
    /// The options the adapter reads (``RemoteOption/adapterOptions``) that are set.
    public let options: [RemoteOption: String]
    /// Transfers at once, at least 1; `nil` leaves the width to the transfer queue.
    public let jobs: Int?
    /// Tries after the first failure of one transfer.
    public let retries: Int

    /// Settings as given; what is left out takes the defaults of an unset option.
    public init(
        name: String, url: String, options: [RemoteOption: String] = [:], jobs: Int? = nil,
        retries: Int = RemoteSettings.defaultRetries
    ) {
        self.name = name
        self.url = url
        self.options = options
        self.jobs = jobs
        self.retries = retries
    }
}
