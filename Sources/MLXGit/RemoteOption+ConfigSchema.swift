import MLXCore

extension RemoteOption {
    /// What the option accepts, as the remote adapters and the transfer queue read it: the
    /// schema's entry for each option, kept here so a new option cannot be added without one.
    public var valueType: ConfigValueType {
        switch self {
        case .url: .remoteURL(schemes: RemoteOption.urlSchemes)
        case .endpoint: .endpoint
        case .region, .profile, .accessKeyID, .secretAccessKey, .sessionToken: .text
        case .user, .password, .customAuthHeader, .token, .keyfile, .knownHosts: .text
        case .pathStyle: .boolean
        case .sslVerify: .booleanOrFile
        case .auth: .choice(allowed: ["basic", "digest", "custom"])
        case .method: .choice(allowed: ["PUT", "POST"])
        case .timeout: .integer(minimum: 1)
        case .jobs: .integer(minimum: 1)
        case .port: .integer(minimum: 1)
        case .retries: .integer(minimum: 0)
        case .partSize: .size(minimum: RemoteOption.minimumPartSize)
        }
    }
}
