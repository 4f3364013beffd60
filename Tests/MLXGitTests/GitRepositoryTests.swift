import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

@Suite struct GitRepositoryTests {
    @Test func discoversTheRepositoryFromANestedSubfolder() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.createFolder("data/raw/deep")

        let repository = try GitRepository.discover(from: sandbox.appending("data/raw/deep"))

        #expect(repository.workTreeRoot == sandbox.path)
        #expect(repository.commonDirectory == sandbox.path + "/.git")
    }

    @Test func discoveryOutsideARepositoryNamesTheFolder() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.createFolder("plain")

        let error = try #require(throws: GitError.self) {
            try GitRepository.discover(from: sandbox.appending("plain"))
        }
        #expect(error.kind == .notARepository)
        #expect(error.message == "not inside a git repository (or any parent up to /): \(sandbox.appending("plain"))")
        #expect(error.hint != nil)
    }

    @Test func discoveryRefusesABareRepository() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q", "--bare", "store.git")

        let error = try #require(throws: GitError.self) {
            try GitRepository.discover(from: sandbox.appending("store.git"))
        }
        #expect(error.kind == .bareRepository)
    }

    @Test func tellsWhetherAPathIsInsideAWorkTree() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.createFolder("repo/sub")
        try sandbox.createFolder("outside")
        try sandbox.git("init", "-q", in: "repo")

        #expect(GitRepository.isInsideWorkTree(sandbox.appending("repo")))
        #expect(GitRepository.isInsideWorkTree(sandbox.appending("repo/sub")))
        #expect(!GitRepository.isInsideWorkTree(sandbox.appending("repo/.git")))
        #expect(!GitRepository.isInsideWorkTree(sandbox.appending("outside")))
    }

    @Test func unbornBranchHasNoHeadCommit() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.headCommit() == nil)
        #expect(try repository.revisions(in: RevisionScope(allBranches: true, allTags: true, allCommits: true)).isEmpty)
        let error = try #require(throws: GitError.self) { try repository.resolve(revision: "HEAD") }
        #expect(error.kind == .unknownRevision)
    }

    @Test func headCommitFollowsNewCommits() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let repository = try GitRepository.discover(from: sandbox.path)

        let first = try sandbox.commit("first", files: ["a.txt": "1"])
        #expect(try repository.headCommit() == first)
        let second = try sandbox.commit("second", files: ["a.txt": "2"])
        #expect(try repository.headCommit() == second)
        #expect(try repository.resolve(revision: "HEAD~1") == first)
        #expect(try repository.resolve(revision: String(first.prefix(8))) == first)
    }

    @Test func readsFilesAtRevisions() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.commit("v1", files: ["data/train.csv.mlx": "version 1\n"])
        try sandbox.git("tag", "-a", "-m", "release", "v1")
        try sandbox.git("branch", "old")
        try sandbox.commit("v2", files: ["data/train.csv.mlx": "version 2\n"])
        let repository = try GitRepository.discover(from: sandbox.appending("data"))

        func text(_ path: String, _ revision: String) throws -> String? {
            try repository.readFile(path, at: revision).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(try text("data/train.csv.mlx", "HEAD") == "version 2\n")
        #expect(try text("data/train.csv.mlx", "HEAD~1") == "version 1\n")
        #expect(try text("data/train.csv.mlx", "v1") == "version 1\n")
        #expect(try text("data/train.csv.mlx", "old") == "version 1\n")
        #expect(try text("./data/../data/train.csv.mlx", "main") == "version 2\n")
        #expect(try text(sandbox.appending("data/train.csv.mlx"), "HEAD") == "version 2\n")
    }

    @Test func readingAMissingPathGivesNil() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.commit("one", files: ["data/a.txt": "a", "empty.txt": ""])
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.readFile("data/missing.txt", at: "HEAD") == nil)
        #expect(try repository.readFile("nowhere/a.txt", at: "HEAD") == nil)
        #expect(try repository.readFile("data/a.txt/deeper", at: "HEAD") == nil)
        #expect(try repository.readFile("data", at: "HEAD") == nil)
        #expect(try repository.readFile("empty.txt", at: "HEAD") == [])
    }

    @Test func pathsOutsideTheWorkTreeAreRefused() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.createFolder("repo")
        try sandbox.git("init", "-q", in: "repo")
        try sandbox.commit("one", files: ["a.txt": "a"], in: "repo")
        let repository = try GitRepository.discover(from: sandbox.appending("repo"))

        let escape = try #require(throws: GitError.self) { try repository.readFile("../secret", at: "HEAD") }
        #expect(escape.kind == .invalidPath)
        #expect(escape.message.contains("../secret"))
        let foreign = try #require(throws: GitError.self) { try repository.readFile("/etc/passwd", at: "HEAD") }
        #expect(foreign.kind == .invalidPath)
    }

    @Test func unknownRevisionErrorNamesIt() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.commit("one", files: ["a.txt": "a"])
        let repository = try GitRepository.discover(from: sandbox.path)

        let error = try #require(throws: GitError.self) { try repository.readFile("a.txt", at: "no-such-branch") }
        #expect(error.kind == .unknownRevision)
        #expect(error.revision == "no-such-branch")
        #expect(error.message == "unknown revision 'no-such-branch'")
        #expect(error.cause?.contains("git_revparse_single") == true)

        let tree = try #require(throws: GitError.self) { try repository.resolve(revision: "HEAD^{tree}") }
        #expect(tree.message == "revision 'HEAD^{tree}' does not name a commit")
    }

    @Test func listsFilesMatchingAFilterInNestedFolders() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.commit("files", files: [
            "model.pkl.mlx": "m",
            "data/train.csv.mlx": "t",
            "data/train.csv.mlxx": "not a pointer",
            "data/images/deep/raw.mlx": "r",
            "data/.gitignore": "/train.csv\n",
            "src/train.py": "print()",
        ])
        let repository = try GitRepository.discover(from: sandbox.path)

        let pointers = try repository.listFiles(at: "HEAD") { $0.hasSuffix(".mlx") }
        #expect(pointers == ["data/images/deep/raw.mlx", "data/train.csv.mlx", "model.pkl.mlx"])
        let all = try repository.listFiles(at: "HEAD") { _ in true }
        #expect(all.count == 6)
    }

    @Test func revisionsForEachScope() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let first = try sandbox.commit("first", files: ["a": "1"])
        let second = try sandbox.commit("second", files: ["a": "2"])
        try sandbox.git("tag", "v1", first)
        try sandbox.git("tag", "-a", "-m", "annotated", "v2", second)
        try sandbox.git("tag", "blob-tag", try sandbox.git("rev-parse", "HEAD:a"))
        try sandbox.git("checkout", "-q", "-b", "experiment", first)
        let side1 = try sandbox.commit("side 1", files: ["b": "1"])
        let side2 = try sandbox.commit("side 2", files: ["b": "2"])
        try sandbox.git("checkout", "-q", "main")
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.revisions(in: RevisionScope()) == [])
        #expect(try repository.revisions(in: RevisionScope(workspace: true)) == [])
        #expect(try repository.revisions(in: RevisionScope(revisions: ["HEAD", "main", "HEAD~1"])) == [second, first])
        #expect(try repository.revisions(in: RevisionScope(allBranches: true)) == [side2, second])
        #expect(try repository.revisions(in: RevisionScope(allTags: true)) == [first, second])

        let all = try repository.revisions(in: RevisionScope(allCommits: true))
        #expect(all.count == 4)
        #expect(Set(all) == [first, second, side1, side2])
        let rawList = try sandbox.git("rev-list", "--all").split(separator: "\n").map(String.init)
        #expect(Set(all) == Set(rawList))

        let combined = try repository.revisions(in: RevisionScope(allBranches: true, allTags: true, revisions: ["experiment~1"]))
        #expect(combined == [side1, side2, second, first])

        let error = try #require(throws: GitError.self) {
            try repository.revisions(in: RevisionScope(allBranches: true, revisions: ["main", "v9"]))
        }
        #expect(error.revision == "v9")
    }

    @Test func refTipsNameBranchesAndTagsWithTheirCommits() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let first = try sandbox.commit("first", files: ["a": "1"])
        let second = try sandbox.commit("second", files: ["a": "2"])
        try sandbox.git("tag", "-a", "-m", "annotated", "v1", first)
        try sandbox.git("tag", "blob-tag", try sandbox.git("rev-parse", "HEAD:a"))
        try sandbox.git("branch", "feature/x", first)
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.refTips(matching: "refs/heads/*") == [RefTip(name: "feature/x", commit: first), RefTip(name: "main", commit: second)])
        #expect(try repository.refTips(matching: "refs/tags/*") == [RefTip(name: "v1", commit: first)])
    }

    @Test func namedRevisionsGroupTheNamesOfOneCommitAndListUnnamedCommitsByOid() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let first = try sandbox.commit("first", files: ["a": "1"])
        let second = try sandbox.commit("second", files: ["a": "2"])
        let third = try sandbox.commit("third", files: ["a": "3"])
        try sandbox.git("tag", "v1", first)
        try sandbox.git("branch", "old", first)
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.namedRevisions(in: RevisionScope(allBranches: true)).map(\.label) == ["main", "old"])
        #expect(try repository.namedRevisions(in: RevisionScope(allBranches: true, allTags: true)).map(\.label) == ["main", "old,v1"])
        #expect(try repository.namedRevisions(in: RevisionScope(allTags: true)) == [NamedRevision(commit: first, names: ["v1"])])
        let all = try repository.namedRevisions(in: RevisionScope(allTags: true, allCommits: true))
        #expect(all.map(\.label) == ["v1", third, second])
        #expect(all.map(\.revision) == ["v1", third, second])
    }

    /// What a push carries, as `git rev-list TIPS --not OLD --glob=refs/remotes/origin/*`.
    @Test func commitsFromTipsExcludingWhatTheRemoteReaches() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let first = try sandbox.commit("first", files: ["a": "1"])
        let second = try sandbox.commit("second", files: ["a": "2"])
        let third = try sandbox.commit("third", files: ["a": "3"])
        try sandbox.git("tag", "-a", "-m", "annotated", "v3", third)
        try sandbox.git("update-ref", "refs/remotes/origin/main", first)
        let repository = try GitRepository.discover(from: sandbox.path)
        let unknown = String(repeating: "e", count: 40)

        #expect(try repository.commits(from: [third], excluding: [], excludingRefsMatching: []) == [third, second, first])
        #expect(try repository.commits(from: [third], excluding: [second], excludingRefsMatching: []) == [third])
        #expect(try repository.commits(from: [third], excluding: [unknown], excludingRefsMatching: ["refs/remotes/origin/*"]) == [third, second])
        #expect(try repository.commits(from: ["v3"], excluding: [], excludingRefsMatching: ["refs/remotes/other/*"]).count == 3)
        #expect(try repository.commits(from: [unknown], excluding: [], excludingRefsMatching: []) == [])
        #expect(try repository.commits(from: [first], excluding: [third], excludingRefsMatching: []) == [])
    }

    @Test func allCommitsIncludesADetachedHead() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.commit("first")
        try sandbox.git("checkout", "-q", "--detach")
        let detached = try sandbox.commit("only reachable from HEAD")
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.headCommit() == detached)
        #expect(try repository.revisions(in: RevisionScope(allCommits: true)).contains(detached))
    }

    @Test func followsGitIgnoreRules() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.write(".gitignore", "*.tmp\n/build/\n")
        try sandbox.write("data/.gitignore", "/train.csv\n")
        try sandbox.write(".git/info/exclude", "secrets.txt\n")
        try sandbox.createFolder("build")
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.isIgnored("data/train.csv"))
        #expect(try !repository.isIgnored("data/train.csv.mlx"))
        #expect(try !repository.isIgnored("train.csv"))
        #expect(try repository.isIgnored("deep/folder/x.tmp"))
        #expect(try repository.isIgnored("build"))
        #expect(try repository.isIgnored("build/out.bin"))
        #expect(try repository.isIgnored("secrets.txt"))
        #expect(try repository.isIgnored(sandbox.appending("data/train.csv")))
    }

    @Test func hooksDirectoryDefaultsToTheGitFolder() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let repository = try GitRepository.discover(from: sandbox.path)

        #expect(try repository.hooksDirectory == sandbox.path + "/.git/hooks")
    }

    @Test func hooksDirectoryHonoursCoreHooksPath() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        try sandbox.createFolder("sub")
        try sandbox.git("config", "core.hooksPath", ".githooks/")
        let repository = try GitRepository.discover(from: sandbox.appending("sub"))
        #expect(try repository.hooksDirectory == sandbox.path + "/.githooks")

        try sandbox.git("config", "core.hooksPath", sandbox.appending("shared-hooks"))
        #expect(try repository.hooksDirectory == sandbox.appending("shared-hooks"))
    }

    @Test func linkedWorktreesShareTheMainHooksDirectory() throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.createFolder("main")
        try sandbox.git("init", "-q", in: "main")
        try sandbox.commit("first", files: ["a": "1"], in: "main")
        try sandbox.git("worktree", "add", "-q", "-b", "feature", sandbox.appending("linked"), in: "main")

        let linked = try GitRepository.discover(from: sandbox.appending("linked"))
        #expect(linked.workTreeRoot == sandbox.appending("linked"))
        #expect(try linked.hooksDirectory == sandbox.appending("main/.git/hooks"))
        #expect(try linked.readFile("a", at: "HEAD") == Array("1".utf8))
    }

    @Test func oneRepositoryServesConcurrentTasks() async throws {
        let sandbox = TemporaryDirectory("mlxgit")
        try sandbox.git("init", "-q")
        let head = try sandbox.commit("files", files: ["a.mlx": "a", "b/c.mlx": "c"])
        let repository: any SourceControl = try GitRepository.discover(from: sandbox.path)

        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let files = try repository.listFiles(at: "HEAD") { $0.hasSuffix(".mlx") }
                    let content = try repository.readFile(index.isMultiple(of: 2) ? "a.mlx" : "b/c.mlx", at: head)
                    let current = try repository.headCommit()
                    return files.count == 2 && content != nil && current == head
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }
}
