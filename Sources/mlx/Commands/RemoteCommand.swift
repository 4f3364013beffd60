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

    /// The remotes of the project's configuration when inside one, else of the user's and the
    /// machine's: `--global` works outside a project too.
    static func registry(_ options: GlobalOptions, level: ConfigLevel) throws -> RemoteRegistry {
        if level == .global, (try? Project.find(from: options.directory)) == nil {
            return RemoteRegistry(config: try MLXConfig(projectRoot: nil))
        }
        return RemoteRegistry(config: try ProjectContext.open(options).config)
    }

    /// Refuses a URL that cannot be a remote of the project around the command's folder
    /// (outside any project, where relative folders cannot be placed yet, only its form).
    static func checkURL(_ url: String, remote name: String, options: GlobalOptions) throws {
        let projectRoot = (try? Project.find(from: options.directory))?.root
        try RemoteFactory.validate(RemoteSettings(name: name, url: url), projectRoot: projectRoot)
    }

    /// What the registry's rules refuse in the arguments, as a usage error (exit status 2).
    static func usage<Result>(_ check: () throws(ConfigError) -> Result) throws -> Result {
        do {
            return try check()
        } catch {
            throw ValidationError(error.message)
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

        func validate() throws {
            try RemoteCommand.usage { () throws(ConfigError) in try RemoteRegistry.checkName(name) }
        }

        func run() throws {
            let options = common.effective
            try RemoteCommand.registry(options, level: level.level)
                .add(name, url: url, level: level.level, asDefault: makeDefault, replacing: force) { url in
                    try RemoteCommand.checkURL(url, remote: name, options: options)
                }
            if !options.quiet {
                Console.info("added remote '\(name)' (\(URLRedaction.redact(url)))\(makeDefault ? " as the default" : "")", options: options)
            }
        }
    }

    struct Modify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set (or with --unset, remove) one option of a remote.",
            discussion: "Options: \(RemoteOption.allCases.map(\.rawValue).joined(separator: ", ")) (with _ or -). Secrets need --local."
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
            let option = try RemoteCommand.usage { () throws(ConfigError) in
                try RemoteRegistry.checkName(name)
                return try RemoteRegistry.option(named: self.option)
            }
            if unset != (value == nil) {
                throw ValidationError(unset ? "--unset takes no value" : "give a value for \(self.option)")
            }
            if !unset {
                try RemoteCommand.usage { () throws(ConfigError) in
                    try RemoteRegistry.checkLevel(level.level, canHold: option, spelled: self.option)
                }
            }
        }

        func run() throws {
            let options = common.effective
            try RemoteCommand.registry(options, level: level.level)
                .set(try RemoteRegistry.option(named: option), of: name, to: value, level: level.level) { url in
                    try RemoteCommand.checkURL(url, remote: name, options: options)
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
            try RemoteCommand.registry(options, level: .global).remove(name)
            Console.info("removed remote '\(name)'", options: options)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List remotes: name, URL, and which is the default.")

        @OptionGroup var common: CommonOptions

        func run() throws {
            for remote in try RemoteCommand.registry(common.effective, level: .global).entries() {
                Console.out("\(remote.name)\t\(URLRedaction.redact(remote.url))\(remote.isDefault ? "\t(default)" : "")")
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
            let registry = try RemoteCommand.registry(options, level: level.level)
            if unset {
                try registry.unsetDefault(level: level.level)
                return
            }
            guard let name else {
                guard let current = try registry.defaultName() else {
                    throw RemoteConfigurationError(remote: "", message: "no default remote is set", hint: "'mlx remote default NAME' sets one")
                }
                Console.out(current)
                return
            }
            try registry.setDefault(name, level: level.level)
        }
    }
}
