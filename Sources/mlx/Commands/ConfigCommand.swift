import ArgumentParser
import MLXCore
import MLXGit

/// `mlx config`: read, set, unset and list settings in mlx's four configuration files.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Get, set, unset or list mlx settings.",
        usage: """
            mlx config [--local|--project|--global|--system] [--show-secrets] NAME
            mlx config [--local|--project|--global|--system] NAME VALUE
            mlx config [--local|--project|--global|--system] --unset NAME
            mlx config [--local|--project|--global|--system] --list [--show-origin] [--show-secrets]
            """,
        discussion: """
            Reads merge .mlx/config.local, .mlx/config, ~/.config/mlx/config and \
            /etc/mlx/config (highest priority first); a level flag reads one file only. Writes \
            go to .mlx/config unless a level flag says otherwise. Reading a name that nothing \
            sets prints nothing on stdout and exits 1. Secrets (secret_access_key, \
            session_token, password, token) and the password of a URL (user:***@host) show \
            as *** unless --show-secrets is given; secrets are refused in .mlx/config, which \
            git commits: set them with --local. See mlx-config(5).
            """
    )

    /// Which file to read or write; each flag names one level.
    enum Level: String, EnumerableFlag {
        case local, project, global, system

        var configLevel: ConfigLevel {
            switch self {
            case .local: .local
            case .project: .project
            case .global: .global
            case .system: .system
            }
        }

        static func help(for value: Level) -> ArgumentHelp? {
            switch value {
            case .local: "Use .mlx/config.local (this clone only, ignored by git)."
            case .project: "Use .mlx/config (committed; the default for writes)."
            case .global: "Use ~/.config/mlx/config ($XDG_CONFIG_HOME/mlx/config)."
            case .system: "Use /etc/mlx/config ($MLX_CONFIG_SYSTEM)."
            }
        }
    }

    @Flag var level: Level?

    @Flag(help: "Remove NAME from the file (default: .mlx/config).")
    var unset = false

    @Flag(name: .shortAndLong, help: "List every setting as NAME=VALUE, lowest priority first.")
    var list = false

    @Flag(help: "With --list, prefix each setting with the file it comes from.")
    var showOrigin = false

    @Flag(help: "Print secrets and passwords in URLs as they are instead of ***.")
    var showSecrets = false

    @OptionGroup var common: CommonOptions

    @Argument(help: "section.key or section.subsection.key, e.g. remote.storage.url.")
    var name: String?

    @Argument(help: "The value to set.")
    var value: String?

    func validate() throws {
        if list {
            if name != nil { throw ValidationError("--list takes no NAME") }
            if unset { throw ValidationError("--list and --unset cannot be combined") }
            return
        }
        if showOrigin { throw ValidationError("--show-origin only goes with --list") }
        if name == nil { throw ValidationError("give NAME to read, NAME VALUE to set, or --list") }
        if unset && value != nil { throw ValidationError("--unset takes NAME without a VALUE") }
        if showSecrets && (unset || value != nil) { throw ValidationError("--show-secrets only goes with reading NAME or --list") }
    }

    func run() throws {
        let options = common.effective
        let project = try? Project.find(from: options.directory)
        if let project { ProjectContext.keepLocalConfigPrivate(project) }
        let config = try MLXConfig(projectRoot: project?.root)
        let level = self.level?.configLevel
        guard let name else {
            for entry in try config.list(level: level) {
                let line = "\(entry.name)=\(showSecrets ? entry.value : entry.displayValue)"
                Console.out(showOrigin ? "file:\(entry.file)\t\(line)" : line)
            }
            return
        }
        if unset {
            try config.unset(name, level: level ?? .project)
        } else if let value {
            if let (remote, option) = ConfigSchema.remoteOption(named: name), option == .url {
                try RemoteCommand.checkURL(value, remote: remote, options: options)
            }
            try config.set(name, value, level: level ?? .project)
        } else {
            let entry = try config.requiredEntry(name, level: level)
            Console.out(showSecrets ? entry.value : entry.displayValue)
            if !showSecrets && entry.displayValue != entry.value {
                Console.info("hint: \(entry.name) holds a secret, shown masked; --show-secrets prints it", options: options)
            }
        }
    }
}
