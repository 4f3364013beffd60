extension ExperimentShowOperation.QueuedExperiment {
    /// The queue's experiments that are not done: each `refs/exps-queue/NAME` commit (whose
    /// parent is its baseline), in the state its queue entry records (`queued` when the entry
    /// is missing or unreadable, as the ref alone means recorded and not yet run; `interrupted`
    /// when the process said to run it is gone).
    public static func all(in project: Project, repository: any ExperimentRepository) throws -> [Self] {
        let queue = ExperimentQueue(project: project)
        return try repository.references(withPrefix: QueueEntry.refPrefix).compactMap { tip in
            let name = String(tip.name.dropFirst(QueueEntry.refPrefix.count))
            let summary = try repository.commitSummary(tip.commit)
            guard let baseline = summary.parents.first else { return nil }
            let entry = try? queue.entry(name)
            guard entry?.state != .done else { return nil }
            return Self(name: name, commit: tip.commit, baseline: baseline, created: summary.time,
                        state: entry.map(ExperimentQueue.stateWord) ?? "queued")
        }
    }
}
