import ArgumentParser
import Foundation
import MLXCore
import MLXGit
import MLXRemote

/// `mlx remote add|modify|remove|list|default`: the `[remote "NAME"]` sections of the config.
struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Add, change, remove and list remotes.",
        discussion: """
            A remote is a folder outside the project (/mnt/store, ../store relative to the \
            project root, file:///mnt/store) or s3://bucket[/prefix]; other schemes, mistyped \
            ones (s3:bucket, s3:/bucket) and folders inside the project's work tree are refused. \
            Passwords in URLs (user:password@) are shown as ***. Remotes are written to .mlx/config \
            (committed) unless --local (.mlx/config.local, this clone only) or --global \
            (~/.config/mlx/config) is given. Credentials go with --local only.
            """,
        subcommands: [Add.self, Modify.self, Remove.self, List.self, Default.self]
    )

    /// `--local` / `--global`; neither means the project's committed `.mlx/config`.
    struct LevelOptions: ParsableArguments {
        @Flag(help: "Use .mlx/config.local (this clone only, not committed).")
        var local = false

        @Flag(help: "Use the user's config (~/.config/mlx/config).")
        var global = false

        func validate() throws {
            if local && global { throw ValidationError("--local and --global cannot be combined") }
        }

        var level: ConfigLevel { local ? .local : global ? .global : .project }
    }

    /// The configuration: the project's when inside one, else the user's and the machine's.
    /// `--global` works outside a project too.
    static func config(_ options: GlobalOptions, level: ConfigLevel) throws -> MLXConfig {
        if level == .global, (try? Project.find(from: options.directory)) == nil {
            return try MLXConfig(projectRoot: nil)
        }
        return try ProjectContext.open(options).config
    }

    /// Refuses a URL that cannot be a remote of the project around the command's folder
    /// (outside any project, where relative folders cannot be placed yet, only its form).
    static func checkURL(_ url: String, remote name: String, options: GlobalOptions) throws {
        let projectRoot = (try? Project.find(from: options.directory))?.root
        try RemoteFactory.validate(RemoteSettings(name: name, url: url), projectRoot: projectRoot)
    }

    /// Levels where `[remote "name"]` has a key.
    static func levels(of name: String, in config: MLXConfig) throws -> [ConfigLevel] {
        let prefix = "remote.\(name)."
        var levels: [ConfigLevel] = []
        for entry in try config.list() where entry.name.hasPrefix(prefix) && !levels.contains(entry.level) {
            levels.append(entry.level)
        }
        return levels
    }

    static func checkName(_ name: String) throws {
        if name.isEmpty || name.contains("\"") || name.contains("\n") || name.contains("\\") || name.hasPrefix("-") {
            throw ValidationError("invalid remote name '\(name)'")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a remote.")

        @OptionGroup var level: LevelOptions

        @Flag(name: [.customShort("d"), .customLong("default")], help: "Make it the default remote (core.remote).")
        var makeDefault = false

        @Flag(name: .shortAndLong, help: "Replace a remote of the same name at this level.")
        var force = false

        @OptionGroup var common: CommonOptions

        @Argument(help: "Name of the remote.")
        var name: String

        @Argument(help: "A folder path, file:// URL, or s3://bucket[/prefix].", completion: .file())
        var url: String

        func validate() throws { try RemoteCommand.checkName(name) }

        func run() throws {
            let options = common.effective
            let config = try RemoteCommand.config(options, level: level.level)
            let existing = try RemoteCommand.levels(of: name, in: config)
            if !existing.isEmpty && !force {
                throw RemoteConfigurationError(remote: name, message: "already exists (in \(existing.map { config.file(for: $0) ?? "\($0)" }.joined(separator: ", ")))",
                                               hint: "'mlx remote add -f' replaces it; 'mlx remote modify \(name) url URL' changes its URL")
            }
            try RemoteCommand.checkURL(url, remote: name, options: options)
            if existing.contains(level.level) {
                try config.removeSection("remote", subsection: name, level: level.level)
            }
            try config.set("remote.\(name).url", url, level: level.level)
            if makeDefault { try config.set("core.remote", name, level: level.level) }
            if !options.quiet {
                Console.info("added remote '\(name)' (\(URLRedaction.redact(url)))\(makeDefault ? " as the default" : "")", options: options)
            }
        }
    }

    struct Modify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set (or with --unset, remove) one option of a remote.",
            discussion: "Options: \(RemoteFactory.knownOptions.joined(separator: ", ")) (with _ or -). Secrets need --local."
        )

        @OptionGroup var level: LevelOptions

        @Flag(help: "Remove the option instead of setting it.")
        var unset = false

        @OptionGroup var common: CommonOptions

        @Argument(help: "Name of the remote.")
        var name: String

        @Argument(help: "The option, such as endpoint or region.")
        var option: String

        @Argument(help: "The value (not with --unset).")
        var value: String?

        func validate() throws {
            try RemoteCommand.checkName(name)
            let key = option.lowercased().replacingOccurrences(of: "_", with: "-")
            guard RemoteFactory.knownOptions.contains(key) else {
                throw ValidationError("unknown remote option '\(option)'; one of: \(RemoteFactory.knownOptions.joined(separator: ", "))")
            }
            if unset != (value == nil) {
                throw ValidationError(unset ? "--unset takes no value" : "give a value for \(option)")
            }
            if !unset && ConfigEntry.isSecret(name: "remote.\(name).\(key)") && level.level != .local {
                throw ValidationError("\(option) is a secret: store it with --local (.mlx/config.local, which git ignores)")
            }
        }

        func run() throws {
            let options = common.effective
            let config = try RemoteCommand.config(options, level: level.level)
            guard try !RemoteCommand.levels(of: name, in: config).isEmpty else {
                throw RemoteConfigurationError(remote: name, message: "no such remote", hint: "'mlx remote list' shows the remotes")
            }
            let key = "remote.\(name).\(option.lowercased().replacingOccurrences(of: "_", with: "-"))"
            if let value, key == "remote.\(name).url" {
                try RemoteCommand.checkURL(value, remote: name, options: options)
            }
            if let value {
                try config.set(key, value, level: level.level)
            } else {
                try config.unset(key, level: level.level)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a remote from every config file that defines it.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "Name of the remote.")
        var name: String

        func run() throws {
            let options = common.effective
            let config = try RemoteCommand.config(options, level: .global)
            let levels = try RemoteCommand.levels(of: name, in: config)
            guard !levels.isEmpty else {
                throw RemoteConfigurationError(remote: name, message: "no such remote", hint: "'mlx remote list' shows the remotes")
            }
            for level in levels where level != .system {
                try config.removeSection("remote", subsection: name, level: level)
            }
            for entry in try config.list() where entry.name == "core.remote" && entry.value == name && entry.level != .system {
                try config.unset("core.remote", level: entry.level)
            }
            Console.info("removed remote '\(name)'", options: options)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List remotes: name, URL, and which is the default.")

        @OptionGroup var common: CommonOptions

        func run() throws {
            let config = try RemoteCommand.config(common.effective, level: .global)
            let defaultName = try config.string("core.remote")
            for name in try config.subsections(of: "remote") {
                guard let url = try config.string("remote.\(name).url") else { continue }
                Console.out("\(name)\t\(URLRedaction.redact(url))\(name == defaultName ? "\t(default)" : "")")
            }
        }
    }

    struct Default: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show or set the default remote (core.remote).")

        @OptionGroup var level: LevelOptions

        @Flag(help: "Remove the default at this level.")
        var unset = false

        @OptionGroup var common: CommonOptions

        @Argument(help: "The remote to make the default (none: show it).")
        var name: String?

        func run() throws {
            let options = common.effective
            let config = try RemoteCommand.config(options, level: level.level)
            if unset {
                try config.unset("core.remote", level: level.level)
                return
            }
            guard let name else {
                guard let current = try config.string("core.remote") else {
                    throw RemoteConfigurationError(remote: "", message: "no default remote is set", hint: "'mlx remote default NAME' sets one")
                }
                Console.out(current)
                return
            }
            guard try config.string("remote.\(name).url") != nil else {
                throw RemoteConfigurationError(remote: name, message: "no such remote", hint: "'mlx remote add \(name) URL' adds it")
            }
            try config.set("core.remote", name, level: level.level)
        }
    }
}
