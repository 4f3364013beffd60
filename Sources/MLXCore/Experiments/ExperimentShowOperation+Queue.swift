import Foundation

extension ExperimentShowOperation.QueuedExperiment {
    /// Where queued experiments' commits live (`refs/exps-queue/NAME`).
    static let refPrefix = "refs/exps-queue/"

    /// The queue's experiments that are not done: each `refs/exps-queue/NAME` commit (whose
    /// parent is its baseline), in the state `.mlx/queue/NAME.json` records (`queued` when
    /// that file is missing or unreadable, as the ref alone means recorded and not yet run).
    public static func all(in project: Project, repository: any ExperimentRepository) throws -> [Self] {
        try repository.references(withPrefix: refPrefix).compactMap { tip in
            let name = String(tip.name.dropFirst(refPrefix.count))
            let summary = try repository.commitSummary(tip.commit)
            guard let baseline = summary.parents.first else { return nil }
            let record = project.mlxDirectory + "/queue/" + name + ".json"
            let state = (try? JSONDecoder().decode(StateRecord.self, from: Data(contentsOf: URL(fileURLWithPath: record))))?.state ?? "queued"
            guard state != "done" else { return nil }
            return Self(name: name, commit: tip.commit, baseline: baseline, created: summary.time, state: state)
        }
    }

    private struct StateRecord: Decodable {
        let state: String
    }
}
