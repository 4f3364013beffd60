import MLXCore

/// `mlx exp remove --queue`: the queue's side of `exp remove`.
extension ExpRemoveCommand {
    /// Forgets every queued experiment that has not run (DVC's `exp remove --queue`).
    func removeQueued(_ options: GlobalOptions) throws {
        let session = try ExperimentQueueSession(options)
        let removed = try session.queue.remove(matching: .queued, repository: session.repository)
        Console.info(removed.isEmpty ? "no queued experiments to remove" : "removed from the queue: \(removed.joined(separator: ", "))",
                     options: options)
    }
}
