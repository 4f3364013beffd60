/// `mlx pull`: `fetch`, then `checkout` of the same targets.
///
/// An object that could not be fetched (missing on the remote, corrupt) does not hold the rest
/// back: everything whose objects are in the cache is checked out, the outputs that are not
/// are left as they were and named, and the command fails. Only a fetch that ended early (the
/// remote stopped answering, the local disk is full) checks out nothing: most objects would be
/// missing, and a full disk would fail the checkout too.
public struct PullOperation {
    public struct Report {
        public var fetch: FetchOperation.Report
        /// Nil when the fetch ended early and nothing was checked out.
        public var checkout: CheckoutOperation.Report?
        /// Outputs (data paths) left as they were because an object of theirs could not be
        /// fetched; the fetch's errors say why.
        public var notCheckedOut: [String] = []

        /// Every error, fetch's first.
        public var errors: [any Error] { fetch.errors + (checkout?.errors ?? []) }
    }

    let workspace: Workspace
    let fetcher: FetchOperation

    public init(workspace: Workspace, remote: any Remote, queue: TransferQueue, sourceControl: (any SourceControl)?) {
        self.workspace = workspace
        self.fetcher = FetchOperation(workspace: workspace, remote: remote, queue: queue, sourceControl: sourceControl)
    }

    /// Fetches what `targets` name in `scope` (with `runCache`, the remote's run cache too),
    /// then checks out `targets` in the workspace: the pointer files' outputs and the stage
    /// outputs `mlx.lock` records (as `dvc pull` checks out `dvc.lock`'s; those git carries
    /// are left to git).
    public func pull(targets: [String], scope: RevisionScope, force: Bool, runCache: Bool = false,
                     progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> Report {
        let fetched = try fetcher.fetch(targets: targets, scope: scope, runCache: runCache, progress: progress)
        guard !fetched.stopped else { return Report(fetch: fetched, checkout: nil) }
        // The fetch reported the pointer files it could not read already.
        let (outputs, _) = try ObjectCollector(workspace: workspace, sourceControl: nil)
            .outputs(targets: targets, scope: RevisionScope(workspace: true))
        var checkout = try CheckoutOperation(workspace: workspace, verified: fetched.verified)
            .checkout(outputs.filter { !$0.carriedByGit }.map(\.tracked), force: force, relink: false)
        // An output whose object the fetch already named as missing: say once that it was left alone.
        var notCheckedOut: [String] = []
        checkout.errors.removeAll { error in
            guard let error = error as? CacheError, let oid = error.oid, fetched.failedObjects.contains(oid) else { return false }
            notCheckedOut.append(error.subject)
            return true
        }
        return Report(fetch: fetched, checkout: checkout, notCheckedOut: notCheckedOut)
    }
}
