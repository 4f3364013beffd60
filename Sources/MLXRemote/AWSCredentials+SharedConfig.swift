import Foundation

/// The AWS tools' shared files: `~/.aws/credentials` (sections `[name]`) and `~/.aws/config`
/// (sections `[default]` and `[profile name]`), or the files named by
/// `AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE`. A missing file is an empty one.
struct AWSSharedConfig: Sendable {
    let credentialsPath: String
    let configPath: String
    /// profile → key → value, from the credentials file.
    let credentials: [String: [String: String]]
    /// profile → key → value, from the config file. Nested settings (`s3 =` followed by
    /// indented `addressing_style = path`) appear as `s3.addressing_style`.
    let config: [String: [String: String]]

    static func load(environment: [String: String], home: String) -> AWSSharedConfig {
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst(1) : path
        }
        let credentialsPath = expand(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
        let configPath = expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
        var config = [String: [String: String]]()
        for (section, values) in parse(read(configPath)) {
            if section == "default" {
                config["default", default: [:]].merge(values) { $1 }
            } else if section.hasPrefix("profile ") {
                let name = section.dropFirst("profile ".count).trimmingCharacters(in: .whitespaces)
                config[name, default: [:]].merge(values) { $1 }
            }
        }
        return AWSSharedConfig(
            credentialsPath: credentialsPath, configPath: configPath,
            credentials: parse(read(credentialsPath)), config: config)
    }

    /// How messages name a file: with `~` for the home folder.
    func shortPath(_ path: String, home: String) -> String {
        !home.isEmpty && path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }

    private static func read(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// INI as the AWS CLI reads it: `#`/`;` comment lines, `key = value`, and indented lines
    /// under a `key =` with no value forming a nested block.
    static func parse(_ text: String) -> [String: [String: String]] {
        var sections = [String: [String: String]]()
        var section: String?
        var parent: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let indented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                parent = nil
                continue
            }
            guard let section, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if indented, let parent {
                sections[section, default: [:]]["\(parent).\(key)"] = value
            } else if value.isEmpty {
                parent = key
            } else {
                parent = nil
                sections[section, default: [:]][key] = value
            }
        }
        return sections
    }
}

