/// `mlx status --cloud`: for each tracked output, whether the local cache and the remote hold
/// all of its objects.
///
/// A directory counts by its manifest and, when the manifest is in the cache, by every file it
/// lists. When the cache lacks the manifest, its presence on the remote stands for the whole
/// directory there, since push uploads a manifest only after all its files.
public struct CloudStatusOperation {
    public struct Entry: Sendable, Encodable {
        public let path: String
        public let pointer: String
        /// Objects of this output missing from the local cache, and from the remote.
        public let missingLocally: Int
        public let missingOnRemote: Int

        public var inCache: Bool { missingLocally == 0 }
        public var onRemote: Bool { missingOnRemote == 0 }

        /// `up to date`, `missing on remote`, `missing locally`, or `missing everywhere`.
        public var state: String {
            switch (inCache, onRemote) {
            case (true, true): "up to date"
            case (true, false): "missing on remote"
            case (false, true): "missing locally"
            case (false, false): "missing everywhere"
            }
        }

        enum CodingKeys: String, CodingKey {
            case path, pointer, state, missingLocally = "missing_locally", missingOnRemote = "missing_on_remote"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(pointer, forKey: .pointer)
            try container.encode(state, forKey: .state)
            try container.encode(missingLocally, forKey: .missingLocally)
            try container.encode(missingOnRemote, forKey: .missingOnRemote)
        }
    }

    public struct Report {
        public var entries: [Entry] = []
        public var errors: [any Error] = []

        public var isClean: Bool { errors.isEmpty && entries.allSatisfy { $0.inCache && $0.onRemote } }
    }

    let workspace: Workspace
    let remote: any Remote
    let queue: TransferQueue

    public init(workspace: Workspace, remote: any Remote, queue: TransferQueue) {
        self.workspace = workspace
        self.remote = remote
        self.queue = queue
    }

    /// The state of every output `targets` (absolute paths; none: all) name in the workspace.
    public func status(_ targets: [String]) throws -> Report {
        var report = Report()
        let collector = ObjectCollector(workspace: workspace, sourceControl: nil)
        let (collected, errors) = try collector.outputs(targets: targets, scope: RevisionScope(workspace: true))
        // Stage outputs git carries (`cache: false`) are never pushed, so never compared.
        let outputs = collected.filter { !$0.carriedByGit }
        report.errors = errors
        let store = workspace.store
        var perOutput: [[TransferItem]] = []
        var everything: [ObjectID: TransferItem] = [:]
        for output in outputs {
            guard let oid = output.tracked.output.objectID else {
                report.errors.append(TrackingError(path: output.tracked.pointerPath, message: "has no valid oid"))
                perOutput.append([])
                continue
            }
            var items = [TransferItem(oid: oid, size: oid.isDirectory ? 0 : output.tracked.output.size, path: output.label)]
            if oid.isDirectory, let (manifest, _) = try? collector.cachedManifest(oid, for: output) {
                items += manifest.entries.map { TransferItem(oid: ObjectID($0.oid), size: $0.size, path: output.label + "/" + $0.relpath) }
            }
            for item in items where everything[item.oid] == nil { everything[item.oid] = item }
            perOutput.append(items)
        }
        let present = try RemoteInventory.present(Array(everything.values), on: remote, queue: queue)
        for (output, items) in zip(outputs, perOutput) where !items.isEmpty {
            report.entries.append(Entry(
                path: output.tracked.dataPath, pointer: output.tracked.pointerPath,
                missingLocally: items.filter { !store.contains($0.oid) }.count,
                missingOnRemote: items.filter { !present.contains($0.oid) }.count))
        }
        return report
    }
}
