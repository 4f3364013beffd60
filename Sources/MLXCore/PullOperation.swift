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

    /// Fetches what `targets` name in `scope` (with `runCache`, the remote's run cache too),
    /// then checks out `targets` in the workspace: the pointer files' outputs and the stage
    /// outputs `mlx.lock` records (as `dvc pull` checks out `dvc.lock`'s; those git carries
    /// are left to git).
    public func pull(targets: [String], scope: RevisionScope, force: Bool, runCache: Bool = false,
                     progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        let fetched = try fetcher.fetch(targets: targets, scope: scope, runCache: runCache, progress: progress)
        guard fetched.errors.isEmpty else { return Report(fetch: fetched, checkout: nil) }
        let checkout = try CheckoutOperation(workspace: workspace, verified: fetched.verified).checkoutProject(targets, force: force, relink: false)
        return Report(fetch: fetched, checkout: checkout)
    }
}
