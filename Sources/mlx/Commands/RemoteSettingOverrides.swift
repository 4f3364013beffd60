import MLXCore
import MLXGit

/// `name=value` remote settings given on the command line (`--remote-config` of the registry
/// commands, `--fs-config` of `import-url`), checked against the config schema as
/// `mlx remote modify` checks them.
enum RemoteSettingOverrides {
    /// `settings` with every `name=value` of `given` over them; errors name `source` and `flag`.
    static func apply(_ given: [String], to settings: RemoteSettings, flag: String, source: String) throws -> RemoteSettings {
        guard !given.isEmpty else { return settings }
        var url = settings.url
        var values = settings.options
        var jobs = settings.jobs
        var retries = settings.retries
        for setting in given {
            let name = String(setting.prefix { $0 != "=" })
            let value = String(setting.dropFirst(name.count + 1))
            guard let option = try? RemoteRegistry.option(named: name) else {
                throw RegistryError(source: source, message: "\(flag): unknown remote option '\(name)'",
                                    hint: "one of: \(RemoteOption.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let problem = option.valueType.problem(with: value) {
                throw RegistryError(source: source, message: "\(flag): \(name) \(problem)")
            }
            switch option {
            case .url: url = value
            case .jobs: jobs = Int(value)
            case .retries: retries = Int(value) ?? retries
            default: values[option] = value
            }
        }
        return RemoteSettings(name: settings.name, url: url, options: values, jobs: jobs, retries: retries)
    }
}
