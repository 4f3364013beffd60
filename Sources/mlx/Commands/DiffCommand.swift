import ArgumentParser
import MLXCore

/// `mlx diff`: what changed in the tracked data between two states.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show tracked data added, deleted, renamed or modified between revisions or the workspace.",
        discussion: """
            No revision: HEAD against the data in the workspace. One: that revision against \
            the workspace. Two: the first against the second. Covers pointer files and the \
            stage outputs of mlx.lock; the workspace side is what its files hold now, so data \
            changed but not yet added or committed shows. For a directory whose manifests are \
            known, also lists the files that changed inside it.
            """
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Flag(name: .customLong("md"), help: "Print a Markdown table (for pull-request comments).")
    var markdown = false

    @Option(name: .customLong("targets"), parsing: .upToNextOption,
            help: ArgumentHelp("Only changes at or under these paths.", valueName: "path"), completion: .file())
    var targets: [String] = []

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The old state, and optionally the new one (default: HEAD and the workspace).",
                                 valueName: "rev"))
    var revisions: [String] = []

    func validate() throws {
        if revisions.count > 2 { throw ValidationError("give at most two revisions") }
        if json && markdown { throw ValidationError("--json and --md cannot be used together") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let workspace = try context.workspace()
        let paths = try targets.map { DataListing.dataPath(named: try context.project.relativePath(of: context.absolute($0))) }
        let diff = try DataDiffOperation(store: workspace.store)
            .diff(revisions: revisions, workspace: workspace, sourceControl: try context.repository())
            .restricted(to: paths)
        // What was hashed spares the next diff or status; failing to keep it loses nothing else.
        try? workspace.saveIndex()
        if json {
            try Console.printJSON(diff)
        } else if markdown {
            Table.print([["Status", "Path"]] + Self.markdownRows(diff), markdown: true)
        } else if diff.isEmpty {
            let old = revisions.first ?? "HEAD"
            Console.info("No tracked data differs between \(old) and \(revisions.count == 2 ? revisions[1] : "the workspace").",
                         options: options)
        } else {
            Self.render(diff)
        }
    }

    /// The changes under their kinds, in the order `dvc diff` prints them.
    static func groups(_ diff: DataDiff) -> [(label: String, changes: [DataDiff.Change])] {
        [("added", diff.added), ("deleted", diff.deleted), ("renamed", diff.renamed), ("modified", diff.modified)]
    }

    /// A change's path as a line names it: `old -> new` for a rename.
    static func name(_ change: DataDiff.Change, directorySlash: Bool = false) -> String {
        let slash = directorySlash && change.isDirectory ? "/" : ""
        guard let from = change.renamedFrom else { return change.path + slash }
        return from + slash + " -> " + change.path + slash
    }

    /// One `kind: path` line per output, the files of a directory indented under it, and a
    /// count line (renames counted only when there are some, so diffs without keep their line).
    static func render(_ diff: DataDiff) {
        for (label, changes) in groups(diff) {
            for change in changes {
                Console.out("\(label): \(name(change))")
                if let files = change.files {
                    for (inner, fileChanges) in groups(files) {
                        for file in fileChanges { Console.out("  \(inner): \(name(file))") }
                    }
                } else if !change.missingManifests.isEmpty {
                    let names = change.missingManifests.map { String($0.prefix(8)) + ".dir" }.joined(separator: ", ")
                    Console.out("  (files unknown: manifest \(names) not in cache: run mlx fetch)")
                }
            }
        }
        let renamed = diff.renamed.isEmpty ? "" : ", \(diff.renamed.count) renamed"
        Console.out("\(diff.added.count) added, \(diff.deleted.count) deleted, \(diff.modified.count) modified\(renamed)")
    }

    /// `dvc diff --md`'s rows: every output and file, grouped by kind, directories ending in `/`.
    static func markdownRows(_ diff: DataDiff) -> [[String]] {
        var rows: [String: [DataDiff.Change]] = [:]
        for (label, changes) in groups(diff) {
            for change in changes {
                rows[label, default: []].append(change)
                for (inner, files) in groups(change.files ?? DataDiff(added: [], deleted: [], modified: [])) {
                    rows[inner, default: []] += files
                }
            }
        }
        return groups(diff).flatMap { label, _ in
            (rows[label] ?? []).sorted { name($0, directorySlash: true).utf8.lexicographicallyPrecedes(name($1, directorySlash: true).utf8) }
                .map { [label, name($0, directorySlash: true)] }
        }
    }
}
