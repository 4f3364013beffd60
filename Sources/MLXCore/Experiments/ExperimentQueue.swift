import Foundation

/// The queue's files in `.mlx/queue/`: `NAME.json` (a ``QueueEntry``, replaced atomically) and
/// `NAME.log` (what the run printed, written as it runs). The folder ignores itself in git (a
/// `.gitignore` of `*`), so projects made before the queue existed need no change.
public struct ExperimentQueue: Sendable {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    public var directory: String { project.mlxDirectory + "/queue" }

    /// Where the temporary copies of running experiments go.
    public var worktreesDirectory: String { project.tmpDirectory + "/exps" }

    public func entryPath(_ name: String) -> String { directory + "/" + name + ".json" }
    public func logPath(_ name: String) -> String { directory + "/" + name + ".log" }
    public func worktreePath(_ name: String) -> String { worktreesDirectory + "/" + name }

    /// Every entry, oldest first (then by name). An unreadable entry file is skipped: it cannot
    /// be run, and `remove` still deletes it by name.
    public func entries() throws -> [QueueEntry] {
        guard Syscall.isDirectory(directory) else { return [] }
        let names = try Syscall.listDirectory(directory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        return names.compactMap { try? read(String($0.dropLast(5))) }
            .sorted { ($0.created, $0.name) < ($1.created, $1.name) }
    }

    /// The entry `name`, or nil when the queue has none of that name.
    public func entry(_ name: String) throws -> QueueEntry? {
        guard Syscall.exists(entryPath(name)) else { return nil }
        return try read(name)
    }

    private func read(_ name: String) throws -> QueueEntry {
        let bytes = try Syscall.readFile(entryPath(name), limit: 1 << 20)
        do {
            return try Self.decoder.decode(QueueEntry.self, from: Data(bytes))
        } catch {
            throw ExperimentError("queue entry '\(name)' is unreadable (\(entryPath(name)))",
                                  hint: "run 'mlx queue remove \(name)'")
        }
    }

    /// Writes `entry` atomically, creating the folder (and its `.gitignore`) the first time.
    public func write(_ entry: QueueEntry) throws {
        try makeDirectory()
        try AtomicFile.write(Array(try Self.encoder.encode(entry)) + [UInt8(ascii: "\n")], to: entryPath(entry.name))
    }

    /// Creates `.mlx/queue/` with its `.gitignore` when missing.
    public func makeDirectory() throws {
        guard !Syscall.isDirectory(directory) else { return }
        try Syscall.makeDirectories(directory)
        try AtomicFile.create(Array("*\n".utf8), at: directory + "/.gitignore")
    }

    /// Deletes the entry's state and log (not its ref, nor a temporary copy).
    public func delete(_ name: String) {
        Syscall.unlinkIfPresent(entryPath(name))
        Syscall.unlinkIfPresent(logPath(name))
    }

    /// Whether the process recorded in a `running` entry still runs it: the pid exists and
    /// started no later than the run did (a pid reused since then started later).
    public static func isAlive(_ entry: QueueEntry) -> Bool {
        guard entry.state == .running, let pid = entry.pid, pid > 0, Syscall.processIsRunning(pid),
              let processStart = ProcessStart.seconds(of: pid) else { return false }
        guard let started = entry.started else { return true }
        return processStart <= Int64(started.timeIntervalSince1970) + 2
    }

    /// A `running` entry whose process is gone was interrupted (killed with SIGKILL, a crash,
    /// a reboot): it is shown as `interrupted` and runs again with the next `--run-all`.
    public static func wasInterrupted(_ entry: QueueEntry) -> Bool {
        entry.state == .running && !isAlive(entry)
    }

    /// Times with milliseconds: entries queued within one second still run in the order queued.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(InternetTime.string(from: date, fractionalSeconds: true))
        }
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = InternetTime.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return date
        }
        return decoder
    }()
}
