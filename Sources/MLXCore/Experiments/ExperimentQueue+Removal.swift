/// Forgetting queue entries: `mlx queue remove`, `mlx exp remove --queue`.
extension ExperimentQueue {
    /// Which entries `remove(matching:)` forgets.
    public enum Selection: Sendable {
        case all
        case queued
        case failed
        case succeeded
    }

    /// Forgets the named entries: their queue ref, state, log and any temporary copy. A
    /// `done` experiment's saved result under `refs/exps/` stays (use `mlx exp remove`).
    /// Every name is checked before anything is removed.
    ///
    /// - Throws: ``ExperimentError`` for a name the queue does not hold, or one still running.
    public func remove(_ names: [String], repository: any QueueRepository) throws {
        let refs = Set(try repository.references(withPrefix: QueueEntry.refPrefix).map(\.name))
        var found: [(name: String, entry: QueueEntry?)] = []
        for name in names {
            let entry = try entry(name)
            guard entry != nil || refs.contains(QueueEntry.refPrefix + name) else {
                throw ExperimentError("no queued experiment '\(name)'", hint: "see the queue with `mlx queue status`")
            }
            if let entry, Self.isAlive(entry) {
                throw ExperimentError("queued experiment '\(name)' is running (pid \(entry.pid ?? 0))",
                                      hint: "stop it first with `mlx queue kill \(name)`")
            }
            found.append((name, entry))
        }
        for (name, _) in found {
            try repository.deleteReference(QueueEntry.refPrefix + name)
            try repository.removeWorktree(at: worktreePath(name))
            delete(name)
        }
    }

    /// Forgets the entries in `selection` that are not running; returns their names.
    @discardableResult
    public func remove(matching selection: Selection, repository: any QueueRepository) throws -> [String] {
        let names = try entries().filter { entry in
            switch selection {
            case .all: return !Self.isAlive(entry)
            case .queued: return entry.state == .queued || Self.wasInterrupted(entry)
            case .failed: return entry.state == .failed
            case .succeeded: return entry.state == .done
            }
        }.map(\.name)
        try remove(names, repository: repository)
        return names
    }
}
