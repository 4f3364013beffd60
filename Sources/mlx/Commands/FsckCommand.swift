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
            deleted once their process has ended (those of live mlx processes are kept). Exits 1 when an object was corrupt, unreadable or invalid.
            """
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Option(name: [.short, .customLong("jobs")], help: "Objects to hash at once (default: cores).")
    var jobs: Int?

    @OptionGroup var wait: WaitOption

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let options = common.effective
        let context = try ProjectContext.open(options)
        let lock = try context.lock(wait: wait.seconds, command: "mlx fsck")
        defer { lock.release() }
        let width = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let store = try ObjectStore(root: context.project.cacheDirectory, hasher: .blake3(threads: width))
        let report = try FsckOperation(store: store, jobs: width).run()
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
}
