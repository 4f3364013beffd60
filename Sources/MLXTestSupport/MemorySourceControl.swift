import MLXCore

/// A `SourceControl` held in memory for unit tests: each revision is a map from work-tree
/// path to file bytes; `HEAD` is whatever `head` names.
public struct MemorySourceControl: SourceControl {
    public let workTreeRoot: String
    /// Commit name → (path → bytes).
    public var commits: [String: [String: [UInt8]]]
    /// The commit `HEAD` names, or `nil` for an unborn branch.
    public var head: String?
    /// The commits branches point at, which `--all-branches` reaches.
    public var branches: [String]
    /// What `hooksDirectory` returns.
    public var hooks: String

    public init(workTreeRoot: String, commits: [String: [String: [UInt8]]] = [:], head: String? = nil,
                branches: [String] = [], hooks: String? = nil) {
        self.workTreeRoot = workTreeRoot
        self.commits = commits
        self.head = head
        self.branches = branches
        self.hooks = hooks ?? workTreeRoot + "/.git/hooks"
    }

    /// Adds a commit whose files are `files` (path → text).
    public mutating func commit(_ name: String, _ files: [String: String], makeHead: Bool = true) {
        commits[name] = files.mapValues { Array($0.utf8) }
        if makeHead { head = name }
    }

    public func headCommit() throws -> String? { head }

    public func resolve(revision: String) throws -> String {
        let name = revision == "HEAD" ? head : revision
        guard let name, commits[name] != nil else {
            throw MemorySourceControlError(description: "unknown revision '\(revision)'")
        }
        return name
    }

    public func readFile(_ path: String, at revision: String) throws -> [UInt8]? {
        commits[try resolve(revision: revision)]?[path]
    }

    public func listFiles(at revision: String, matching: (String) -> Bool) throws -> [String] {
        (commits[try resolve(revision: revision)] ?? [:]).keys.filter(matching)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func revisions(in scope: RevisionScope) throws -> [String] {
        try ((scope.allBranches ? branches : []) + scope.revisions).map { try resolve(revision: $0) }
    }

    /// Branches are named after the commits they point at; there are no tags.
    public func refTips(matching glob: String) throws -> [RefTip] {
        glob == "refs/heads/*" ? branches.map { RefTip(name: $0, commit: $0) } : []
    }

    /// Commits here have no parents: the tips that are known, minus those excluded.
    public func commits(from tips: [String], excluding excluded: [String], excludingRefsMatching excludedRefs: [String]) throws -> [String] {
        let hidden = Set(excluded.compactMap { try? resolve(revision: $0) })
        var seen = Set<String>()
        return tips.compactMap { try? resolve(revision: $0) }.filter { !hidden.contains($0) && seen.insert($0).inserted }
    }

    public func isIgnored(_ path: String) throws -> Bool { false }

    /// Nothing is in an index here: these tests commit pointer files, never data.
    public func trackedPath(at path: String) throws -> String? { nil }

    public var hooksDirectory: String { hooks }
}

/// What `MemorySourceControl` throws for a revision it does not hold.
public struct MemorySourceControlError: Error, CustomStringConvertible {
    public let description: String
}
