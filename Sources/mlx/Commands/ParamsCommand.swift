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
        let files = try revisions.files(context) {
            Pipeline.exists(in: root) ? try Pipeline.load(projectRoot: root).paramsFiles(projectRoot: root) : [ParamsFile.defaultName]
        }
        let (changes, failed) = try ValueComparison.changes(in: files, context: context, old: revisions.old, new: revisions.new, all: revisions.all)
        try ValueComparison.print(changes, options: revisions, keyTitle: "Param", precision: nil)
        if failed { throw ExitCode.failure }
    }
}

/// Shared by `params diff` and `metrics diff`.
enum ValueComparison {
    static func changes(in files: [String], context: ProjectContext, old: String?, new: String?, all: Bool,
                        scalarAllowed: Bool = false) throws -> (changes: [ValueChange], failed: Bool) {
        let repository: (any SourceControl)? = try? context.repository()
        let store = try? context.project.openCache(hasher: .blake3())
        let reader = ProjectFileReader(projectRoot: context.project.root, source: repository, store: store)
        var changes: [ValueChange] = []
        var failed = false
        // One unreadable file (malformed, or a cached output the cache lacks) is reported and
        // the others are still compared; the exit status says something failed.
        for file in files {
            do {
                let before = try reader.value(file, at: old ?? "HEAD", scalarAllowed: scalarAllowed)
                let after = try reader.value(file, at: new, scalarAllowed: scalarAllowed)
                changes += ValueDiff.compare(file: file, old: before, new: after, all: all)
            } catch {
                Entrypoint.printDiagnostic(error)
                failed = true
            }
        }
        return (changes, failed)
    }

    /// The changes as `--json`, a Markdown table (`--md`) or columns; metrics get a Change
    /// column and their numbers rounded to `precision`.
    static func print(_ changes: [ValueChange], options: RevisionPairOptions, keyTitle: String, precision: PrecisionOption?) throws {
        if options.json {
            try Console.printJSON(ValueDiff.document(changes))
            return
        }
        guard !changes.isEmpty else { return }
        func text(_ value: ParamValue?) -> String {
            guard let value else { return "-" }
            return precision?.format(value) ?? value.displayText
        }
        var rows = [["Path", keyTitle, options.old ?? "HEAD", options.new ?? "workspace"] + (precision == nil ? [] : ["Change"])]
        for change in changes {
            var row = [change.file, change.key, text(change.old), text(change.new)]
            if let precision { row.append(change.change.map(precision.format) ?? "-") }
            rows.append(row)
        }
        Table.print(rows, markdown: options.markdown)
    }
}
