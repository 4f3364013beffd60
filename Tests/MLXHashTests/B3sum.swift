import Foundation

/// The reference `b3sum` binary, installed with apt-get when missing.
enum B3sum {
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    private static let candidates = ["/usr/bin/b3sum", "/usr/local/bin/b3sum"]

    /// Path to `b3sum`; installs the Debian package on first use when absent.
    static func executable() throws -> String {
        if let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) { return found }
        let log = (try? run("/usr/bin/apt-get", ["install", "-y", "b3sum"])) ?? ""
        if let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) { return found }
        let update = (try? run("/usr/bin/apt-get", ["update"])) ?? ""
        let retry = (try? run("/usr/bin/apt-get", ["install", "-y", "b3sum"])) ?? ""
        if let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) { return found }
        throw Unavailable(description: """
            b3sum is needed to cross-check the hasher and `apt-get install -y b3sum` did not provide it:
            \(log)\(update)\(retry)
            """)
    }

    /// Digests `b3sum` prints for `paths`, in order.
    static func digests(of paths: [String]) throws -> [String] {
        let output = try run(executable(), ["--no-names"] + paths)
        return output.split(separator: "\n").map(String.init)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
