/// `mlx pull`: `fetch`, then `checkout` of the same targets.
///
/// If any object could not be fetched (missing on the remote, corrupt, unreachable), nothing is
/// checked out: the workspace stays exactly as it was, and the errors say what to fix. A
/// partial pull would leave some data new and some old, which is harder to notice than a
/// failed command.
public struct PullOperation {
    public struct Report {
        public var fetch: FetchOperation.Report
        /// Nil when the fetch failed and nothing was checked out.
        public var checkout: CheckoutOperation.Report?

        /// Every error, fetch's first.
        public var errors: [any Error] { fetch.errors + (checkout?.errors ?? []) }
    }

    let workspace: Workspace
    let fetcher: FetchOperation

    public init(workspace: Workspace, remote: any Remote, runner: any TransferRunner, sourceControl: (any SourceControl)?) {
        self.workspace = workspace
        self.fetcher = FetchOperation(workspace: workspace, remote: remote, runner: runner, sourceControl: sourceControl)
    }

    /// Fetches what `targets` name in `scope`, then checks out `targets` in the workspace.
    public func pull(targets: [String], scope: RevisionScope, force: Bool,
                     progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        let fetched = try fetcher.fetch(targets: targets, scope: scope, progress: progress)
        guard fetched.errors.isEmpty else { return Report(fetch: fetched, checkout: nil) }
        let checkout = try CheckoutOperation(workspace: workspace).checkout(targets, force: force, relink: false)
        return Report(fetch: fetched, checkout: checkout)
    }
}
