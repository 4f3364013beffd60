import ArgumentParser
import Foundation
import MLXCore
import MLXGit
import MLXRemote
import Synchronization

/// Options shared by push, fetch and pull: which remote, how wide, which revisions, JSON.
struct TransferOptions: ParsableArguments {
    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("Remote to use (default: core.remote).", valueName: "name"))
    var remote: String?

    @Option(name: [.short, .customLong("jobs")], help: "Transfers at once (default: remote.<name>.jobs, else 4 x cores, growing on S3 and HTTP remotes while the link gives more).")
    var jobs: Int?

    @OptionGroup var scope: ScopeOptions

    @Flag(name: .customLong("run-cache"), help: "Also transfer the run cache (runs/) and every object its entries name.")
    var runCache = false

    @Flag(help: "Print a JSON summary instead of text.")
    var json = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }
}

/// The git repository around the project, when there is one and a scope needs it.
func sourceControl(for context: ProjectContext, required: Bool) throws -> (any SourceControl)? {
    do {
        return try context.repository()
    } catch {
        if required { throw error }
        return nil
    }
}

/// A batch's errors, each printed as `mlx: error: …`.
func printErrors(_ errors: [any Error]) {
    for error in errors { Entrypoint.printDiagnostic(error) }
}
