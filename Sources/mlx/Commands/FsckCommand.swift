import ArgumentParser
import Foundation
import MLXCore

/// `mlx fsck`: check every object in the cache against its name.
struct FsckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck",
        abstract: "Re-hash the cache, quarantine corrupt objects and remove stale temporary files.",
        discussion: """
            Every object is hashed again; one whose content no longer matches its oid is moved \
            to .mlx/cache/quarantine/<oid>, so the next fetch can bring a good copy. Every \
            manifest must decode. Temporary files left by interrupted or killed writes are \
            deleted once their process has ended (those of live mlx processes are kept). Exits 1 \
            when an object was corrupt, unreadable or invalid.

            With -r NAME, checks the remote NAME instead: every object is downloaded (to a \
            temporary file, -j at a time) and hashed, every manifest decoded and its files \
            looked for. Corrupt, unreadable and invalid objects and directories with missing \
            files are reported; nothing on the remote is changed ('mlx push --verify' \
            replaces damaged objects from a cache that has good copies).
            """
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Option(name: [.short, .customLong("jobs")], help: "Objects to hash (with -r: to download) at once (default: cores; with -r: the remote's jobs).")
    var jobs: Int?

    @Option(name: [.short, .customLong("remote")], help: ArgumentHelp("Check the objects of this remote instead of the cache.", valueName: "name"))
    var remote: String?

    @OptionGroup var wait: WaitOption

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        if let remote { return try checkRemote(remote, context: context, options: options) }
        let width = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let report = try context.project.withWriterLock(wait: wait.seconds, command: "mlx fsck") {
            let store = try context.project.openCache(hasher: .blake3(threads: width))
            return try FsckOperation(store: store, jobs: width).run()
        }
        if json {
            try Console.printJSON(report)
        } else {
            for path in report.removedTemporaryFiles { Console.out("removed stale temporary file: \(path)") }
            for finding in report.corrupt {
                let moved = finding.quarantinedTo.map { "; moved to \($0)" } ?? ""
                Console.out("corrupt: \(finding.oid): \(finding.message)\(moved)")
            }
            for finding in report.unreadable { Console.out("unreadable: \(finding.oid): \(finding.message)") }
            for finding in report.invalidManifests { Console.out("invalid manifest: \(finding.oid): \(finding.message)") }
            let objects = report.checkedObjects == 1 ? "1 object" : "\(report.checkedObjects) objects"
            Console.out("checked \(objects) (\(ByteCount.format(report.checkedBytes)))\(report.isClean ? ": all intact" : "")")
        }
        if let failure = report.failure { throw failure }
    }

    /// `mlx fsck -r NAME`.
    private func checkRemote(_ name: String, context: ProjectContext, options: GlobalOptions) throws {
        let opened = try OpenedRemote.open(name, context: context, jobs: jobs)
        let view = TransferProgressView(verb: "checking", options: options)
        // Downloads are staged in the cache's staging folder, which the lock keeps to one writer.
        let report = try context.project.withWriterLock(wait: wait.seconds, command: "mlx fsck -r \(name)") {
            let store = try context.project.openCache(hasher: .blake3())
            return try RemoteFsckOperation(store: store, remote: opened.remote, queue: opened.queue).run(progress: view.callback)
        }
        view.clear()
        if json {
            try Console.printJSON(report)
        } else {
            for finding in report.corrupt { Console.out("corrupt: \(finding.oid): \(finding.message)") }
            for finding in report.unreadable { Console.out("unreadable: \(finding.oid): \(finding.message)") }
            for finding in report.invalidManifests { Console.out("invalid manifest: \(finding.oid): \(finding.message)") }
            for finding in report.incompleteDirectories { Console.out("incomplete directory: \(finding.oid): \(finding.message)") }
            let objects = report.checkedObjects == 1 ? "1 object" : "\(report.checkedObjects) objects"
            Console.out("checked \(objects) (\(ByteCount.format(report.checkedBytes))) on remote \(opened.remote.displayName)"
                        + (report.isClean ? ": all intact" : ""))
        }
        if let failure = report.failure(remoteName: opened.name) { throw failure }
    }
}
