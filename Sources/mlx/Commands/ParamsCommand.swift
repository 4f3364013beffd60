import ArgumentParser
import Foundation
import MLXCore

/// `mlx params`: compare parameters between revisions.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "Compare parameters between git revisions and the workspace.",
        subcommands: [ParamsDiffCommand.self]
    )
}

/// `mlx params diff [A [B]]`.
struct ParamsDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show parameters that differ between revision A (default HEAD) and B (default the workspace).",
        discussion: """
            Compares every params file the stages of mlx.yaml read, and params.yaml. Files are \
            read from git objects, nothing is checked out.
            """
    )

    @OptionGroup var revisions: RevisionPairOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let context = try ProjectContext.open(common.effective)
        let root = context.project.root
        let files = Pipeline.exists(in: root)
            ? try Pipeline.load(projectRoot: root).paramsFiles(projectRoot: root) : [ParamsFile.defaultName]
        let (changes, failed) = try ValueComparison.changes(in: files, context: context, old: revisions.old, new: revisions.new, all: revisions.all)
        try ValueComparison.print(changes, json: revisions.json, keyTitle: "Param", old: revisions.old ?? "HEAD", new: revisions.new ?? "workspace", showChange: false)
        if failed { throw ExitCode.failure }
    }
}

/// Shared by `params diff` and `metrics diff`.
enum ValueComparison {
    static func changes(in files: [String], context: ProjectContext, old: String?, new: String?, all: Bool) throws -> (changes: [ValueChange], failed: Bool) {
        let repository: (any SourceControl)? = try? context.repository()
        let store = try? ObjectStore(root: context.project.cacheDirectory, hasher: .blake3())
        let reader = ProjectFileReader(projectRoot: context.project.root, source: repository, store: store)
        var changes: [ValueChange] = []
        var failed = false
        // One unreadable file (malformed, or a cached output the cache lacks) is reported and
        // the others are still compared; the exit status says something failed.
        for file in files {
            do {
                let before = try reader.value(file, at: old ?? "HEAD")
                let after = try reader.value(file, at: new)
                changes += ValueDiff.compare(file: file, old: before, new: after, all: all)
            } catch {
                Entrypoint.printDiagnostic(error)
                failed = true
            }
        }
        return (changes, failed)
    }

    static func print(_ changes: [ValueChange], json: Bool, keyTitle: String, old: String, new: String, showChange: Bool) throws {
        if json {
            try Console.printJSON(ValueDiff.document(changes))
            return
        }
        guard !changes.isEmpty else { return }
        var rows = [["Path", keyTitle, old, new] + (showChange ? ["Change"] : [])]
        for change in changes {
            var row = [change.file, change.key, change.old?.displayText ?? "-", change.new?.displayText ?? "-"]
            if showChange { row.append(change.change.map(ValueComparison.format) ?? "-") }
            rows.append(row)
        }
        Table.print(rows)
    }

    /// Whole numbers as integers; others to 5 significant digits (as DVC's default precision),
    /// so float noise such as 0.04999999999999993 reads 0.05.
    static func format(_ number: Double) -> String {
        if number == number.rounded() && abs(number) < 1e15 { return String(Int64(number)) }
        return String(format: "%.5g", number)
    }
}
