import ArgumentParser

/// `[A [B]] [--all] [--json] [--md] [--targets FILE…]` of `params diff` and `metrics diff`.
struct RevisionPairOptions: ParsableArguments {
    @Flag(help: "Show unchanged values too.")
    var all = false

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Flag(name: .customLong("md"), help: "Print a Markdown table (for pull-request comments).")
    var markdown = false

    @Option(name: .customLong("targets"), parsing: .upToNextOption,
            help: ArgumentHelp("Only these files (default: every file mlx.yaml names).", valueName: "file"),
            completion: .file())
    var targets: [String] = []

    @Argument(help: "Old revision (default: HEAD).")
    var old: String?

    @Argument(help: "New revision (default: the workspace).")
    var new: String?

    func validate() throws {
        if json && markdown { throw ValidationError("--json and --md cannot be used together") }
    }

    /// The files to compare: `--targets` (project-relative), else `defaults`.
    func files(_ context: ProjectContext, defaults: () throws -> [String]) throws -> [String] {
        guard !targets.isEmpty else { return try defaults() }
        return try targets.map { try context.project.relativePath(of: context.absolute($0)) }
    }
}
