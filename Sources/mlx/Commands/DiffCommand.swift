import ArgumentParser
import MLXCore

/// `mlx diff`: what changed in the recorded data between two states.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show tracked data added, deleted or modified between revisions or the workspace.",
        discussion: """
            No revision: HEAD against the workspace's pointer files. One: that revision against \
            the workspace. Two: the first against the second. Compares the oids the pointer \
            files record (use 'mlx status' for the workspace's bytes). For a modified directory \
            whose two manifests are in the cache, also lists the files that changed inside it.
            """
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The old state, and optionally the new one (default: HEAD and the workspace).",
                                 valueName: "rev"))
    var revisions: [String] = []

    func validate() throws {
        if revisions.count > 2 { throw ValidationError("give at most two revisions") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let workspace = try context.workspace(jobs: 1)
        let diff = try DataDiffOperation(store: workspace.store)
            .diff(revisions: revisions, workspace: workspace, sourceControl: try context.repository())
        if json {
            try Console.printJSON(diff)
            return
        }
        if diff.isEmpty {
            let old = revisions.first ?? "HEAD"
            Console.info("No tracked data differs between \(old) and \(revisions.count == 2 ? revisions[1] : "the workspace").",
                         options: options)
            return
        }
        for (label, changes) in [("added", diff.added), ("deleted", diff.deleted), ("modified", diff.modified)] {
            for change in changes {
                Console.out("\(label): \(change.path)")
                if let files = change.files {
                    for (inner, fileChanges) in [("added", files.added), ("deleted", files.deleted), ("modified", files.modified)] {
                        for file in fileChanges { Console.out("  \(inner): \(file.path)") }
                    }
                } else if !change.missingManifests.isEmpty {
                    let names = change.missingManifests.map { String($0.prefix(8)) + ".dir" }.joined(separator: ", ")
                    Console.out("  (files unknown: manifest \(names) not in cache: run mlx fetch)")
                }
            }
        }
        Console.out("\(diff.added.count) added, \(diff.deleted.count) deleted, \(diff.modified.count) modified")
    }
}
