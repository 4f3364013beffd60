import ArgumentParser
import Foundation
import MLXCore

/// The root command. It only lists the subcommands; `main` hands the arguments to `Entrypoint`,
/// the one place that turns errors into `mlx: error: …` lines and exit statuses.
@main
struct MLXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlx",
        abstract: "Version ML data and models next to code in git, and reproduce pipelines.",
        discussion: """
            Global options go before the command: -C DIR (run as if started in DIR), \
            -q (quiet), -v (verbose). NO_COLOR is honoured.
            """,
        subcommands: [
            InitCommand.self,
            AddCommand.self,
            StatusCommand.self,
            CommitCommand.self,
            CheckoutCommand.self,
            RemoveCommand.self,
            MoveCommand.self,
            ConfigCommand.self,
            CacheCommand.self,
            InstallCommand.self,
            LsCommand.self,
            DiffCommand.self,
            UnprotectCommand.self,
            FsckCommand.self,
            DoctorCommand.self,
            ReproCommand.self,
            StageCommand.self,
            FreezeCommand.self,
            UnfreezeCommand.self,
            DagCommand.self,
            ParamsCommand.self,
            MetricsCommand.self,
            PlotsCommand.self,
            ExpCommand.self,
            RemoteCommand.self,
            PushCommand.self,
            FetchCommand.self,
            PullCommand.self,
            GCCommand.self,
            ListCommand.self,
            GetCommand.self,
            ImportCommand.self,
            ImportURLCommand.self,
            UpdateCommand.self,
            HashCommand.self,
            VersionCommand.self,
        ]
    )

    static func main() {
        Interruption.install()
        let status = Entrypoint.run(arguments: Array(CommandLine.arguments.dropFirst()))
        Interruption.exit(status)
    }
}
