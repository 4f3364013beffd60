import Foundation
import MLXCore

/// Everything an `S3Remote` needs, as plain values. Build it with `resolve(…)` from a
/// remote's config section, or directly in tests.
public struct S3RemoteConfiguration: Sendable {
    /// How payloads of object uploads are hashed for the signature.
    public enum PayloadSigning: String, Sendable {
        /// SHA-256 of the body over plain HTTP, where nothing else protects it in transit;
        /// `UNSIGNED-PAYLOAD` over HTTPS, where TLS does and a second full read of every
        /// file would only cost time.
        case automatic
        case always
        case never
    }

    /// The remote's name in messages (`storage`); may be empty.
    public var name: String
    public var bucket: String
    /// Key prefix inside the bucket, without leading or trailing `/`; may be empty.
    public var prefix: String
    /// `scheme://host[:port]`, no trailing slash: a custom endpoint or `https://s3.<region>.amazonaws.com`.
    public var endpoint: String
    /// Whether `endpoint` was set by the user (and not derived from the region).
    public var hasCustomEndpoint: Bool
    public var region: String
    /// `endpoint/bucket/key` rather than `bucket.endpoint/key`.
    public var pathStyle: Bool
    /// nil: anonymous, unsigned requests.
    public var credentials: AWSCredentials?
    /// Objects of this size and larger go up in parts.
    public var multipartThreshold: Int64
    /// Fixed part size; nil picks max(8 MiB, ⌈size / 9000⌉) per object.
    public var partSize: Int64?
    /// Parts of one object sent at once.
    public var partConcurrency: Int
    /// Tries per part before the whole upload fails (retryable errors only).
    public var partAttempts: Int
    public var verifiesTLS: Bool
    /// A PEM file of the certificate authorities to trust instead of the system's
    /// (`ssl_verify = PATH`, as DVC).
    public var certificateAuthorities: String?
    public var payloadSigning: PayloadSigning
    /// A transfer that moves no byte for this long fails (retryable).
    public var timeoutSeconds: Int
    /// `max-keys` for ListObjectsV2; nil lets the server choose (1000 on AWS).
    public var listPageSize: Int?

    public static let defaultRegion = "us-east-1"
    public static let defaultMultipartThreshold: Int64 = 64 << 20
    /// S3 rejects parts smaller than this, except the last.
    public static let minimumPartSize = RemoteOption.minimumPartSize
    public static let maximumPartCount: Int64 = 10_000

    public init(
        name: String = "", bucket: String, prefix: String = "", endpoint: String? = nil,
        region: String = S3RemoteConfiguration.defaultRegion, pathStyle: Bool? = nil, credentials: AWSCredentials? = nil,
        multipartThreshold: Int64 = S3RemoteConfiguration.defaultMultipartThreshold, partSize: Int64? = nil,
        partConcurrency: Int = 4, partAttempts: Int = 3, verifiesTLS: Bool = true,
        payloadSigning: PayloadSigning = .automatic, timeoutSeconds: Int = 60, listPageSize: Int? = nil
    ) {
        self.name = name
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/", omittingEmptySubsequences: false)
            .drop { $0.isEmpty }.reversed().drop { $0.isEmpty }.reversed().joined(separator: "/")
        let custom = endpoint.flatMap { $0.isEmpty ? nil : $0 }
        self.endpoint = custom.map(Self.normalizedEndpoint) ?? "https://s3.\(region).amazonaws.com"
        self.hasCustomEndpoint = custom != nil
        self.region = region
        // Virtual-hosted names must be valid host labels; dotted names also break TLS wildcards.
        self.pathStyle = pathStyle ?? (custom != nil || !Self.isVirtualHostable(bucket))
        self.credentials = credentials
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
        self.partConcurrency = max(1, partConcurrency)
        self.partAttempts = max(1, partAttempts)
        self.verifiesTLS = verifiesTLS
        self.payloadSigning = payloadSigning
        self.timeoutSeconds = timeoutSeconds
        self.listPageSize = listPageSize
    }

    /// `s3://bucket/prefix` — how the user wrote the remote, never with credentials.
    public var url: String { "s3://\(bucket)" + (prefix.isEmpty ? "" : "/\(prefix)") }

    /// The part size for an object of `size` bytes: the configured one (raised so that no
    /// more than 10 000 parts are needed), else max(8 MiB, ⌈size / 9000⌉); never below S3's 5 MiB.
    public func partSize(forObjectOf size: Int64) -> Int64 {
        let fewestAllowed = (size + Self.maximumPartCount - 1) / Self.maximumPartCount
        let chosen = partSize.map { max($0, fewestAllowed) } ?? max(8 << 20, (size + 8999) / 9000)
        return max(chosen, Self.minimumPartSize)
    }

    // MARK: - From a remote's config section

    /// Builds the configuration of remote `name` (`url = s3://bucket/prefix`) from its config
    /// options (SPEC §4: `endpoint`, `region`, `profile`, `access_key_id`, `secret_access_key`,
    /// `session_token`, `path_style`, `part_size`, `ssl_verify`; `jobs` and `retries` belong to
    /// the transfer queue), the environment and the AWS shared files under `home`.
    ///
    /// Endpoint: option, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's
    /// `s3.endpoint_url` / `endpoint_url`, else AWS. Region: option, `AWS_REGION`,
    /// `AWS_DEFAULT_REGION`, the profile's `region`, else us-east-1. Error messages leave the
    /// remote's name to the caller (``RemoteConfigurationError`` puts it first).
    public static func resolve(
        name: String, url: String, options: [RemoteOption: String], environment: [String: String], home: String
    ) throws(AWSConfigurationError) -> S3RemoteConfiguration {
        guard url.lowercased().hasPrefix("s3://") else {
            throw AWSConfigurationError(message: "'\(URLRedaction.redact(url))' is not an s3:// url", hint: nil)
        }
        let location = url.dropFirst("s3://".count).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = String(location[0])
        guard !bucket.isEmpty else {
            throw AWSConfigurationError(message: "'\(URLRedaction.redact(url))' names no bucket", hint: "write the url as s3://bucket[/prefix]")
        }
        let files = AWSSharedConfig.load(environment: environment, home: home)
        let profile = files.config[AWSProfileName(options: options, environment: environment).name] ?? [:]
        func first(_ candidates: String?...) -> String? { candidates.lazy.compactMap { $0 }.first { !$0.isEmpty } }

        let region = first(options[.region], environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"], profile["region"])
            ?? defaultRegion
        let endpoint = first(
            options[.endpoint], environment["AWS_ENDPOINT_URL_S3"], environment["AWS_ENDPOINT_URL"],
            profile["s3.endpoint_url"], profile["endpoint_url"])
        var pathStyle: Bool?
        if let value = options[.pathStyle] {
            pathStyle = try parseBool(value, option: "path_style")
        } else if let style = profile["s3.addressing_style"], style != "auto" {
            pathStyle = style == "path"
        }
        let credentials = try AWSCredentials.resolve(remoteOptions: options, environment: environment, home: home, files: files)
        var configuration = S3RemoteConfiguration(
            name: name, bucket: bucket, prefix: location.count > 1 ? String(location[1]) : "", endpoint: endpoint,
            region: region, pathStyle: pathStyle, credentials: credentials)
        if let value = options[.partSize] {
            guard let size = ConfigValueParsing.size(value), size >= minimumPartSize else {
                throw AWSConfigurationError(
                    message: "part_size '\(value)' is not a size of at least 5MiB",
                    hint: "write it in bytes or with a unit: 8MiB, 64MB, 1GiB")
            }
            configuration.partSize = size
        }
        if let value = options[.sslVerify] {
            if ConfigValueParsing.bool(value) == nil && FileManager.default.isReadableFile(atPath: value) {
                configuration.certificateAuthorities = value
            } else {
                configuration.verifiesTLS = try parseBool(value, option: "ssl_verify")
            }
        }
        return configuration
    }

    static func parseBool(_ text: String, option: String) throws(AWSConfigurationError) -> Bool {
        guard let flag = ConfigValueParsing.bool(text) else {
            throw AWSConfigurationError(message: "\(option) '\(text)' is not true or false", hint: nil)
        }
        return flag
    }

    private static func normalizedEndpoint(_ endpoint: String) -> String {
        var result = endpoint.contains("://") ? endpoint : "https://" + endpoint
        while result.hasSuffix("/") { result.removeLast() }
        return result
    }

    private static func isVirtualHostable(_ bucket: String) -> Bool {
        (3...63).contains(bucket.count) && !bucket.contains(".")
            && bucket.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
