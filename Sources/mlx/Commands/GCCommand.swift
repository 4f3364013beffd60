import ArgumentParser
import Foundation
import MLXCore
import MLXGit
import MLXRemote

/// `mlx gc`: delete cached (and remote) objects that nothing in a scope uses.
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete objects from the cache (and with --cloud, the remote) that no pointer in a scope names.",
        discussion: """
            Needs an explicit scope of what to keep: --workspace (the pointer files on disk), \
            and/or --all-branches, --all-tags, --all-commits, --rev REV (which keep the \
            workspace too). Lists what it will delete and asks on a terminal; -f skips the \
            question, and without a terminal nothing is deleted unless -f is given. Refuses to \
            run when a pointer file or a directory manifest in the scope cannot be read. \
            A cache outside the project (cache.dir) may hold other projects' data: gc there \
            needs -p naming every other project that uses it, and keeps what each of them uses \
            in the same scope. See mlx-gc(1).
            """
    )

    @Flag(name: [.short, .customLong("workspace")], help: "Keep what the pointer files in the workspace name.")
    var workspace = false

    @OptionGroup var scope: ScopeOptions

    @Flag(name: [.short, .customLong("cloud")], help: "Also delete unused objects from the remote.")
    var cloud = false

    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("Remote for --cloud (default: core.remote).", valueName: "name"))
    var remote: String?

    @Option(name: [.short, .customLong("projects")], parsing: .upToNextOption,
            help: ArgumentHelp("Other projects that use the same cache; what they use is kept too.", valueName: "path"))
    var projects: [String] = []

    @Option(name: [.short, .customLong("jobs")], help: "Remote deletions at once.")
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "Delete without asking.")
    var force = false

    @Flag(help: "Only list what would be deleted.")
    var dry = false

    @Flag(help: "Print a JSON summary instead of text.")
    var json = false

    @OptionGroup var wait: WaitOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if !workspace && !scope.usesGit {
            throw ValidationError("gc needs a scope of what to keep: --workspace, --all-branches, --all-tags, --all-commits or --rev REV")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let others = try otherProjects(context)
        let opened = cloud ? try OpenedRemote.open(remote, context: context, jobs: jobs) : nil
        try context.withWriterLock(wait, command: "mlx gc", exclusiveCache: true) { workspace in
            try collect(in: workspace, context: context, others: others, opened: opened, options: options)
        }
    }

    /// Plans, asks, deletes and reports, as the project's writer and the cache's only user.
    private func collect(in workspace: Workspace, context: ProjectContext, others: [Project], opened: OpenedRemote?,
                         options: GlobalOptions) throws {
        let otherWorkspaces = try others.map { other -> (Workspace, (any SourceControl)?) in
            let repository: (any SourceControl)? = scope.usesGit ? try GitRepository.discover(from: other.root) : nil
            return (try Workspace(project: other, jobs: workspace.jobs, linkTypes: { [.copy] }), repository)
        }
        let gc = GCOperation(workspace: workspace, sourceControl: try sourceControl(for: context, required: scope.usesGit),
                             otherProjects: otherWorkspaces, remote: opened?.remote, queue: opened?.queue)
        let plan = try gc.plan(scope: scope.scope(workspace: true), cloud: cloud)
        let place = opened.map { "remote '\($0.name)'" } ?? "the remote"
        let swept = cloud && !dry ? gc.sweepRemoteTemporaries() : []
        if !json && !options.quiet {
            for key in swept { Console.out("removed stale temporary file \(key) from \(place)") }
        }
        if !json || dry {
            for (oid, size) in plan.local { Console.out("\(dry ? "would delete" : "delete") \(oid.string) (\(ByteCount.format(size))) from the cache") }
            for (oid, size) in plan.remote { Console.out("\(dry ? "would delete" : "delete") \(oid.string) (\(ByteCount.format(size))) from \(place)") }
        }
        let what = describe(plan, place: place)
        if plan.isEmpty || dry {
            if json {
                try Console.printJSON(GCDocument(plan: plan, report: nil, dry: dry, swept: swept))
            } else if !options.quiet {
                Console.out(plan.isEmpty ? "Nothing to delete; \(plan.kept) objects are in use." : "would delete \(what)")
            }
            return
        }
        if !force {
            guard Terminal.isInteractive(.input) else {
                throw GCRefusal(reason: "not deleting \(what) without confirmation (stdin is not a terminal)",
                                hint: "pass -f/--force to delete, or --dry to only list")
            }
            Console.errRaw("Delete \(what)? [y/N] ")
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                Console.err("nothing deleted")
                throw ExitCode.failure
            }
        }
        let report = gc.execute(plan)
        printErrors(report.errors)
        if json {
            try Console.printJSON(GCDocument(plan: plan, report: report, dry: false, swept: swept))
        } else if !options.quiet {
            var line = "deleted \(report.deletedLocally) objects (\(ByteCount.format(report.bytesLocally))) from the cache"
            if cloud { line += ", \(report.deletedOnRemote) (\(ByteCount.format(report.bytesOnRemote))) from \(place)" }
            Console.out(line)
        }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }

    private func describe(_ plan: GCOperation.Plan, place: String) -> String {
        var parts = ["\(plan.local.count) objects (\(ByteCount.format(plan.localBytes))) from the cache"]
        if cloud { parts.append("\(plan.remote.count) objects (\(ByteCount.format(plan.remoteBytes))) from \(place)") }
        return parts.joined(separator: " and ")
    }
}

/// `mlx gc --json`.
private struct GCDocument: Encodable {
    let dry: Bool
    let kept: Int
    let cache: [String]
    let remote: [String]
    let deletedFromCache: Int
    let deletedFromRemote: Int
    let bytesFromCache: Int64
    let bytesFromRemote: Int64
    let errors: [String]
    let removedTemporaryFiles: [String]

    init(plan: GCOperation.Plan, report: GCOperation.Report?, dry: Bool, swept: [String]) {
        self.dry = dry
        removedTemporaryFiles = swept
        kept = plan.kept
        cache = plan.local.map(\.oid.string)
        remote = plan.remote.map(\.oid.string)
        deletedFromCache = report?.deletedLocally ?? 0
        deletedFromRemote = report?.deletedOnRemote ?? 0
        bytesFromCache = report?.bytesLocally ?? 0
        bytesFromRemote = report?.bytesOnRemote ?? 0
        errors = report?.errors.map { URLRedaction.redact("\($0)") } ?? []
    }

    enum CodingKeys: String, CodingKey {
        case dry, kept, cache, remote, errors
        case deletedFromCache = "deleted_from_cache", deletedFromRemote = "deleted_from_remote"
        case bytesFromCache = "bytes_from_cache", bytesFromRemote = "bytes_from_remote"
        case removedTemporaryFiles = "removed_temporary_files"
    }
}
