/// `mlx status`: how the workspace differs from what the pointer files record.
public struct StatusOperation {
    /// The state of one tracked output.
    public enum State: String, Sendable, Encodable {
        /// The workspace holds what the pointer records.
        case unchanged
        /// The workspace holds something else.
        case modified
        /// Nothing is at the tracked path.
        case deleted
    }

    /// One output's state, and whether the cache can restore what the pointer records.
    public struct Entry: Sendable, Encodable {
        public let path: String
        public let pointer: String
        public let state: State
        /// False when the recorded object (for a directory: its manifest) is not in the cache.
        public let inCache: Bool
        /// What the workspace holds now, when it exists and differs.
        public let currentOID: String?

        enum CodingKeys: String, CodingKey { case path, pointer, state, inCache = "in_cache", currentOID = "current_oid" }
    }

    /// The outcome: the entries, and the pointer files that could not be read (the others are
    /// still reported).
    public struct Report {
        public var entries: [Entry] = []
        public var errors: [any Error] = []
        /// The imports among the pointers looked at (`mlx import`, `mlx import-url`), whose
        /// sources the command may check for changes.
        public var imports: [Imported] = []

        public init() {}

        /// Whether anything differs or failed (for `--exit-code`).
        public var isClean: Bool {
            errors.isEmpty && entries.allSatisfy { $0.state == .unchanged && $0.inCache }
        }
    }

    /// A pointer that records where its data was imported from.
    public struct Imported: Sendable {
        public let pointer: String
        public let path: String
        public let output: PointerOutput
        public let source: ImportSource
    }

    let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// The state of every output the targets name (all when empty).
    public func status(_ targets: [String]) throws -> Report {
        var report = Report()
        let outputs: [TrackedOutput]
        if targets.isEmpty {
            outputs = try collectAll(into: &report)
        } else {
            outputs = try workspace.trackedOutputs(for: targets)
            for pointerPath in Set(outputs.map(\.pointerPath)).sorted() where pointerPath.hasSuffix(PointerScanner.suffix) {
                noteImport(try workspace.readPointer(pointerPath), at: pointerPath, into: &report)
            }
        }
        for output in outputs {
            do {
                report.entries.append(try entry(for: output))
            } catch {
                report.errors.append(error)
            }
        }
        try workspace.saveIndex()
        return report
    }

    /// Every pointer of the project; a malformed one is an error in the report, not the end.
    private func collectAll(into report: inout Report) throws -> [TrackedOutput] {
        var outputs: [TrackedOutput] = []
        for pointerPath in try workspace.allPointerPaths() {
            do {
                let pointer = try workspace.readPointer(pointerPath)
                outputs += TrackedOutput.outputs(of: pointer, at: pointerPath)
                noteImport(pointer, at: pointerPath, into: &report)
            } catch {
                report.errors.append(error)
            }
        }
        return outputs
    }

    private func noteImport(_ pointer: Pointer, at pointerPath: String, into report: inout Report) {
        guard let source = pointer.importSource, let output = pointer.outs.first else { return }
        report.imports.append(Imported(pointer: pointerPath, path: String(pointerPath.dropLast(PointerScanner.suffix.count)),
                                       output: output, source: source))
    }

    func entry(for tracked: TrackedOutput) throws -> Entry {
        let recorded = ObjectID(tracked.output.oid)
        let inCache = recorded.map(workspace.store.contains) ?? false
        guard let current = try workspace.summary(of: tracked.dataPath) else {
            return Entry(path: tracked.dataPath, pointer: tracked.pointerPath, state: .deleted, inCache: inCache, currentOID: nil)
        }
        // A tracked file's exec bit is part of what the pointer records (`isexec`).
        let execMatches = current.isDirectory || (tracked.output.isexec ?? false) == current.isExecutable
        let same = current.oid == recorded && execMatches
        return Entry(path: tracked.dataPath, pointer: tracked.pointerPath, state: same ? .unchanged : .modified,
                     inCache: inCache, currentOID: current.oid == recorded ? nil : current.oid.string)
    }
}
