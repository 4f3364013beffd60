import ArgumentParser
import Foundation
import MLXCore

/// `mlx ls`: the tracked outputs of the workspace or of a revision.
struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List tracked data: path, kind, file count, size and oid.",
        discussion: """
            Reads the pointer files of the workspace, or with --rev those committed at a \
            revision, straight from git (nothing is checked out). Paths are relative to the \
            project root. -R lists the files of directories from their manifests in the cache.
            """
    )

    @Option(name: .customLong("rev"), help: ArgumentHelp("List what this revision records.", valueName: "rev"))
    var revision: String?

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "List the files inside tracked directories.")
    var recursive = false

    @OptionGroup var common: CommonOptions

    @Argument(help: "A tracked path, pointer file, path inside a tracked directory, or folder (default: the whole project).", completion: .file())
    var path: String?

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let workspace = try context.workspace(jobs: 1)
        let operation = DataListingOperation(store: workspace.store)
        let target = path.map(context.absolute)
        let entries: [DataListingEntry]
        if let revision {
            entries = try operation.list(revision: revision, project: context.project, sourceControl: try context.repository(),
                                         target: target, recursive: recursive)
        } else {
            entries = try operation.list(workspace: workspace, target: target, recursive: recursive)
        }
        if json {
            try Console.printJSON(entries)
        } else if entries.isEmpty {
            Console.info("No tracked data\(revision.map { " at \($0)" } ?? "").", options: options)
        } else {
            Self.render(entries)
        }
    }

    /// Aligned columns: path (directories end in `/`), kind, file count, size, short oid, and a
    /// note where a directory's manifest is not in the cache.
    static func render(_ entries: [DataListingEntry]) {
        var rows: [[String]] = []
        for entry in entries {
            if entry.isDirectory {
                let count = entry.nfiles ?? 0
                let note = entry.manifestInCache == false ? "(manifest not in cache: run mlx fetch)" : ""
                rows.append([entry.path + "/", "dir", count == 1 ? "1 file" : "\(count) files",
                             ByteCount.format(entry.size), entry.shortOID, note])
                for file in entry.files ?? [] {
                    rows.append([file.path, "file", "", ByteCount.format(file.size), String(file.oid.prefix(8)), ""])
                }
            } else {
                rows.append([entry.path, "file", "", ByteCount.format(entry.size), entry.shortOID, ""])
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            var line = row[0].padding(toLength: widths[0], withPad: " ", startingAt: 0)
            line += "  " + row[1].padding(toLength: widths[1], withPad: " ", startingAt: 0)
            if widths[2] > 0 { line += "  " + row[2].padding(toLength: widths[2], withPad: " ", startingAt: 0) }
            line += "  " + String(repeating: " ", count: widths[3] - row[3].count) + row[3]
            line += "  " + row[4]
            if !row[5].isEmpty { line += "  " + row[5] }
            Console.out(line)
        }
    }
}
