import ArgumentParser
import MLXCore
import MLXGit

/// `mlx init`: sets up `.mlx/` and `.mlxignore` at the root of the git work tree.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up mlx at the root of the current git work tree.",
        discussion: """
            Creates .mlx/ (config, .gitignore, cache/ with a CACHEDIR.TAG, tmp/) and .mlxignore \
            at the root of the git work tree that holds the current folder. Running it again \
            changes nothing and exits 0. --force restores .mlx/.gitignore, the CACHEDIR.TAG and \
            missing folders, and never touches config files or cached data.
            """
    )

    @Flag(name: .customLong("no-scm"), help: "Use mlx without git: initialize the current folder itself.")
    var noSourceControl = false

    @Flag(name: .shortAndLong, help: "In an existing project, restore the files and folders mlx made.")
    var force = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let options = common.effective
        let initializer = ProjectInitializer(
            locateWorkTree: noSourceControl ? nil : GitRepository.workTreeRoot(containing:),
            force: force
        )
        let report = try initializer.initialize(from: options.directory)
        guard !options.quiet else { return }
        let root = report.project.root
        if report.wasInitialized && report.written.isEmpty {
            Console.out("mlx is already initialized in \(root)")
            return
        }
        Console.out(report.wasInitialized ? "Restored mlx files in \(root)" : "Initialized mlx in \(root)")
        for path in report.written {
            Console.out("  created \(path)")
        }
        if !noSourceControl {
            Console.info("hint: commit them with: git add .mlx .mlxignore && git commit -m 'Initialize mlx'", options: options)
        }
    }
}
