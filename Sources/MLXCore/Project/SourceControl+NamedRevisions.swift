extension SourceControl {
    /// The commits `--all-branches`, `--all-tags` and `--all-commits` name, each under the
    /// branches and tags that point to it (so `main` and `v1` on one commit are read once, as
    /// `main,v1`): named commits first, in label order, then unnamed ones newest first.
    public func namedRevisions(in scope: RevisionScope) throws -> [NamedRevision] {
        var tips: [RefTip] = []
        if scope.allBranches { tips += try refTips(matching: "refs/heads/*") }
        if scope.allTags { tips += try refTips(matching: "refs/tags/*") }
        var names: [String: [String]] = [:]
        for tip in tips { names[tip.commit, default: []].append(tip.name) }
        var named = names.map { NamedRevision(commit: $0.key, names: $0.value.sorted { ByteOrder.precedes($0, $1) }) }
        named.sort { ByteOrder.precedes($0.label, $1.label) }
        guard scope.allCommits else { return named }
        let unnamed = try revisions(in: RevisionScope(allCommits: true)).filter { names[$0] == nil }
        return named + unnamed.map { NamedRevision(commit: $0, names: []) }
    }
}
