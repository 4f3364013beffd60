import ArgumentParser
import Foundation
import MLXHash

/// `mlx hash`: BLAKE3 digests of files, printed exactly as `b3sum` prints them.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the BLAKE3 digest of files, exactly as b3sum does.",
        discussion: """
            Each input gets a line '<64 hex>  <name>'. '-' or no FILE reads standard input. \
            mlx keeps going past a file it cannot read, names it, and exits 1 at the end.
            """
    )

    @Option(name: [.short, .customLong("jobs")], help: "Threads to use, across and within files (default: all cores).")
    var jobs: Int?

    @OptionGroup var common: CommonOptions

    @Argument(help: "Files to hash; '-' is standard input.", completion: .file())
    var files: [String] = []

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let width = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let hasher = FileHasher(threads: width)
        let directory = common.effective.directory
        let inputs = files.isEmpty ? ["-"] : files
        var failed = false

        func emit(_ name: String, _ result: Result<Digest, HashError>) {
            switch result {
            case .success(let digest):
                Console.out(Self.line(digest: digest, name: name))
            case .failure(let error):
                failed = true
                Console.error("cannot read '\(name)': \(error.reason)")
            }
        }

        var start = 0
        while start < inputs.count {
            if inputs[start] == "-" {
                emit("-", Result { () throws(HashError) in try hasher.hash(fileDescriptor: STDIN_FILENO, name: "-") })
                start += 1
                continue
            }
            let end = inputs[start...].firstIndex(of: "-") ?? inputs.count
            let names = Array(inputs[start..<end])
            let paths = names.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }
            hasher.hashFiles(paths, jobs: width) { index, result in
                emit(names[index], result)
            }
            start = end
        }
        if failed { throw ExitCode.failure }
    }

    /// b3sum's line: a name holding a backslash or newline is escaped and the line starts with `\`.
    static func line(digest: Digest, name: String) -> String {
        guard name.contains("\\") || name.contains("\n") else { return "\(digest.hex)  \(name)" }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        return "\\\(digest.hex)  \(escaped)"
    }
}
