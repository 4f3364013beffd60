import MLXCore

extension AWSCredentials {
    /// Finds credentials as the AWS tools do, first match wins:
    /// 1. the remote's `access_key_id` / `secret_access_key` / `session_token` options;
    /// 2. `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` — skipped when
    ///    the remote names a `profile`, because an explicit profile beats the environment
    ///    (as `aws --profile` does);
    /// 3. the profile (`profile` option, else `AWS_PROFILE`, else `default`) in
    ///    `~/.aws/credentials`, then in `~/.aws/config`.
    ///
    /// Returns nil when nothing is configured (requests then go unsigned, which only public
    /// buckets accept). Throws when a setting is half there or a named profile does not exist.
    public static func resolve(
        remoteOptions: [String: String], environment: [String: String], home: String
    ) throws(AWSConfigurationError) -> AWSCredentials? {
        try resolve(remoteOptions: remoteOptions, environment: environment, home: home,
                    files: AWSSharedConfig.load(environment: environment, home: home))
    }

    static func resolve(
        remoteOptions options: [String: String], environment: [String: String], home: String, files: AWSSharedConfig
    ) throws(AWSConfigurationError) -> AWSCredentials? {
        if let found = try pair(
            options["access_key_id"], options["secret_access_key"], options["session_token"],
            names: ("access_key_id", "secret_access_key"), source: "remote config") {
            return found
        }
        let explicitProfile = options["profile"]
        if explicitProfile == nil, let found = try pair(
            environment["AWS_ACCESS_KEY_ID"], environment["AWS_SECRET_ACCESS_KEY"], environment["AWS_SESSION_TOKEN"],
            names: ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), source: "environment") {
            return found
        }
        let profile = AWSProfileName(options: options, environment: environment)
        for (path, sections) in [(files.credentialsPath, files.credentials), (files.configPath, files.config)] {
            guard let values = sections[profile.name] else { continue }
            let source = "profile '\(profile.name)' in \(files.shortPath(path, home: home))"
            if let found = try pair(
                values["aws_access_key_id"], values["aws_secret_access_key"], values["aws_session_token"],
                names: ("aws_access_key_id", "aws_secret_access_key"), source: source) {
                return found
            }
        }
        if profile.isExplicit && files.credentials[profile.name] == nil && files.config[profile.name] == nil {
            throw AWSConfigurationError(
                message: "AWS profile '\(profile.name)' (from \(profile.origin)) is not in \(files.shortPath(files.credentialsPath, home: home)) or \(files.shortPath(files.configPath, home: home))",
                hint: "add the profile with `aws configure --profile \(profile.name)` or fix the name")
        }
        return nil
    }

    private static func pair(
        _ id: String?, _ secret: String?, _ token: String?, names: (String, String), source: String
    ) throws(AWSConfigurationError) -> AWSCredentials? {
        switch (id.flatMap(nonEmpty), secret.flatMap(nonEmpty)) {
        case let (id?, secret?):
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token.flatMap(nonEmpty), source: source)
        case (nil, nil):
            return nil
        case (_?, nil):
            throw AWSConfigurationError(message: "\(names.0) is set in \(source) but \(names.1) is not", hint: "set both or neither")
        case (nil, _?):
            throw AWSConfigurationError(message: "\(names.1) is set in \(source) but \(names.0) is not", hint: "set both or neither")
        }
    }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
}

/// Which AWS profile applies, and why.
struct AWSProfileName {
    let name: String
    /// Whether someone asked for it (a remote option or `AWS_PROFILE`) rather than the default.
    let isExplicit: Bool
    let origin: String

    init(options: [String: String], environment: [String: String]) {
        if let name = options["profile"], !name.isEmpty {
            (self.name, isExplicit, origin) = (name, true, "the remote's profile option")
        } else if let name = environment["AWS_PROFILE"], !name.isEmpty {
            (self.name, isExplicit, origin) = (name, true, "AWS_PROFILE")
        } else {
            (self.name, isExplicit, origin) = ("default", false, "the default")
        }
    }
}

/// A remote's AWS settings that cannot be used as they are.
public struct AWSConfigurationError: ReportableError, Equatable {
    public var message: String
    public var hint: String?
}
