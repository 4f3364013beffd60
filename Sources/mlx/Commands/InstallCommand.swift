import ArgumentParser
import MLXCore
import MLXGit

/// `mlx install`: writes the git hooks that call mlx (pre-commit, post-checkout, pre-push).
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install git hooks that run mlx on commit, branch switch and push.",
        discussion: """
            Writes pre-commit (mlx status --exit-code), post-checkout (mlx checkout after a \
            branch switch) and pre-push (mlx push --hook) into the folder git runs hooks from, \
            core.hooksPath included. Running it again updates mlx's own hooks. A hook mlx did \
            not write is never changed: mlx names it, prints the line to add to it, and exits 1.
            """
    )

    @Flag(help: "Remove mlx's own hooks; leave every other hook alone.")
    var uninstall = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let options = common.effective
        let installer = try HookInstaller(sourceControl: GitRepository.discover(from: options.directory))
        let report = uninstall ? try installer.uninstall() : try installer.install()
        func result(_ line: String) {
            if !options.quiet { Console.out(line) }
        }
        for entry in report.entries {
            switch entry.action {
            case .created: result("created \(entry.path)")
            case .updated: result("updated \(entry.path)")
            case .unchanged: result("up to date \(entry.path)")
            case .removed: result("removed \(entry.path)")
            case .absent: break
            case .foreign where uninstall: result("left \(entry.path): mlx did not write it")
            case .foreign:
                Console.err("skipped \(entry.path): mlx did not write it; to call mlx from it, add:")
                Console.err("    \(entry.hook.lineToAdd)")
            }
        }
        if !uninstall, let error = report.foreignHooksError { throw error }
    }
}
