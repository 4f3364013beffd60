import ArgumentParser
import MLXCore
import MLXGit

/// `mlx cache dir`: where the cache is, and moving it to a folder several projects share.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or set where the cache is.",
        subcommands: [Directory.self]
    )

    /// `mlx cache dir [PATH] [--unset] [--local|--project|--global|--system]`.
    struct Directory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dir",
            abstract: "Print the cache folder, or set cache.dir to PATH.",
            discussion: """
                Without PATH, prints the absolute path of the cache the project uses (with a \
                level flag: the value that file sets). With PATH, sets cache.dir in \
                .mlx/config (or the file a level flag names): an absolute PATH is written as \
                it is; a relative one, given relative to the current folder, is written \
                relative to that file's folder, which is how mlx reads it back (as DVC does). \
                Objects already in the old cache are not moved. See mlx-cache(1).
                """
        )

        @Flag var level: ConfigCommand.Level?

        @Flag(name: [.short, .customLong("unset")], help: "Remove cache.dir from the file (default: .mlx/config).")
        var unset = false

        @OptionGroup var common: CommonOptions

        @Argument(help: "The cache folder, absolute or relative to the current folder.")
        var path: String?

        func validate() throws {
            if unset && path != nil { throw ValidationError("--unset takes no PATH") }
            if path?.isEmpty == true { throw ValidationError("PATH must not be empty") }
        }

        func run() throws {
            let options = common.effective
            let found = try? Project.find(from: options.directory)
            let level = self.level?.configLevel
            if found == nil && ![.global, .system].contains(level) {
                throw ProjectError.notAProject(options.directory)
            }
            if let found { ProjectContext.keepLocalConfigPrivate(found) }
            let config = try MLXConfig(projectRoot: found?.root)
            let name = ConfigSetting.cacheDirectory.rawValue
            if unset {
                try config.unset(name, level: level ?? .project)
            } else if let path {
                let target = level ?? .project
                guard let file = config.file(for: target) else {
                    throw ConfigError(.levelUnavailable, "the \(target) configuration has no file here", name: name)
                }
                try config.set(name, MLXConfig.cacheDirectoryValue(for: path, typedIn: options.directory, file: file), level: target)
            } else if let level {
                let entry = try config.requiredEntry(name, level: level)
                Console.out(MLXConfig.resolvedCacheDirectory(entry.value, setIn: entry.file))
            } else if let found {
                Console.out(try ProjectContext.withConfiguredCache(found).cacheDirectory)
            }
        }
    }
}
