import ArgumentParser
import Foundation
import MLXCore

/// `mlx list`: what a registry repository holds.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the git files and tracked data of a git repository, at a path and revision.",
        discussion: """
            URL is anything git can clone. Pointer files are not shown: the data they track is, \
            marked as tracked in --json. -R lists every file below, tracked directories \
            expanded (their manifests are downloaded from the repository's remote).
            """
    )

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "List every file below PATH, inside tracked directories too.")
    var recursive = false

    @Flag(name: .customLong("mlx-only"), help: "Only tracked data (DVC's --dvc-only).")
    var trackedOnly = false

    @Flag(help: "Print a JSON list of {path, isout, isdir, isexec, size, oid}.")
    var json = false

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var common: CommonOptions

    @Argument(help: "The repository: a path or any URL git can clone.")
    var url: String

    @Argument(help: "Path inside the repository (default: its top).")
    var path: String = ""

    func run() throws {
        let options = common.effective
        let opened = try OpenedRegistry.open(url, options: registry, global: options)
        let store = try GetCommand.objectStore(options)
        let download = opened.download(into: store)
        let selection = try opened.snapshot.select(path)
        let listing = RegistryListing(snapshot: opened.snapshot) { output in
            guard let oid = output.output.objectID else { throw RegistryError(source: opened.url, message: "\(output.pointerPath) has no valid oid") }
            if !store.contains(oid) { _ = try download.download(selection, fetchingFiles: false) }
            return try Manifest.decode(try store.read(oid), oid: oid)
        }
        let entries = try listing.entries(at: path, recursive: recursive, trackedOnly: trackedOnly)
        if json {
            try Console.printJSON(entries)
        } else {
            for entry in entries { Console.out(entry.isdir ? entry.path + "/" : entry.path) }
        }
    }
}
