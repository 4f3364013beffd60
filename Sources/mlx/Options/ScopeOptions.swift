import ArgumentParser
import MLXCore

/// `--all-branches`, `--all-tags`, `--all-commits`, `--rev`: revisions whose pointer files
/// count too, read from git objects.
struct ScopeOptions: ParsableArguments {
    @Flag(name: [.customShort("a"), .customLong("all-branches")], help: "Also the pointer files at the tip of every branch.")
    var allBranches = false

    @Flag(name: [.customShort("T"), .customLong("all-tags")], help: "Also the pointer files of every tag.")
    var allTags = false

    @Flag(name: [.customShort("A"), .customLong("all-commits")], help: "Also the pointer files of every commit.")
    var allCommits = false

    @Option(name: .customLong("rev"), help: ArgumentHelp("Also the pointer files at REV (repeatable).", valueName: "rev"))
    var revisions: [String] = []

    var usesGit: Bool { allBranches || allTags || allCommits || !revisions.isEmpty }

    /// The workspace (when `workspace`) plus the revisions named.
    func scope(workspace: Bool) -> RevisionScope {
        RevisionScope(workspace: workspace, allBranches: allBranches, allTags: allTags, allCommits: allCommits, revisions: revisions)
    }
}
