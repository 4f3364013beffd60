import ArgumentParser

/// Options of the commands that read a registry repository: which revision, which of its
/// remotes and with which settings (`list`, `get`, `import`, `update`).
struct RegistryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Git revision of the repository: a branch, tag or commit (default: its default branch).", valueName: "rev"))
    var rev: String?

    @Option(name: .customLong("remote"), help: ArgumentHelp("The repository's remote to read data from (default: its core.remote).", valueName: "name"))
    var remote: String?

    @Option(name: .customLong("remote-config"),
            help: ArgumentHelp("Settings merged into that remote's, e.g. url=/mnt/store (repeatable).", valueName: "name=value"))
    var remoteConfig: [String] = []

    @Option(name: [.short, .customLong("jobs")], help: "Transfers at once (default: the remote's jobs, else 4 x cores, growing on S3 and HTTP remotes while the link gives more).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        for setting in remoteConfig where !setting.contains("=") {
            throw ValidationError("--remote-config takes name=value, not '\(setting)'")
        }
    }
}
