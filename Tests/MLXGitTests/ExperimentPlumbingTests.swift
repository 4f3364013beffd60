import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

@Suite struct ExperimentPlumbingTests {
    /// A repository with one commit (params.yaml, code.py, .gitignore ignoring `*.tmp`).
    private func project() throws -> (TemporaryDirectory, GitRepository, String) {
        let sandbox = try TemporaryDirectory.gitRepository("mlxgit-exp")
        let head = try sandbox.commit("base", files: ["params.yaml": "lr: 0.1\n", "code.py": "print(1)\n", ".gitignore": "*.tmp\n"])
        return (sandbox, try GitRepository.discover(from: sandbox.path), head)
    }

    @Test func aWorkTreeCommitHoldsChangedAndNewFilesButNotIgnoredOnes() throws {
        let (sandbox, repository, head) = try project()
        try sandbox.write("params.yaml", "lr: 0.2\n")
        try sandbox.write("metrics.json", "{\"acc\": 1}\n")
        try sandbox.write("scratch.tmp", "junk\n")
        try FileManager.default.removeItem(atPath: sandbox.appending("code.py"))

        let tree = try repository.writeTree(ofWorkTree: sandbox.path)
        let commit = try repository.createCommit(tree: tree, parents: [head], message: "mlx exp: a")

        #expect(try repository.listFiles(at: commit) { _ in true } == [".gitignore", "metrics.json", "params.yaml"])
        #expect(try repository.readFile("params.yaml", at: commit) == Array("lr: 0.2\n".utf8))
        let summary = try repository.commitSummary(commit)
        #expect(summary.parents == [head])
        #expect(summary.tree == tree)
        #expect(summary.message == "mlx exp: a")
    }

    @Test func writingAWorkTreeCommitLeavesIndexHeadAndBranchAlone() throws {
        let (sandbox, repository, head) = try project()
        try sandbox.write("params.yaml", "lr: 0.3\n")
        try sandbox.write("new.txt", "new\n")
        // git status may rewrite the index (it smudges racily clean entries), so it runs first.
        let statusBefore = try sandbox.git("status", "--porcelain")
        let indexBefore = sandbox.bytes(".git/index")

        let tree = try repository.writeTree(ofWorkTree: sandbox.path)
        _ = try repository.createCommit(tree: tree, parents: [head], message: "mlx exp: b")

        #expect(sandbox.bytes(".git/index") == indexBefore)
        #expect(try sandbox.git("status", "--porcelain") == statusBefore)
        #expect(statusBefore == "M params.yaml\n?? new.txt")
        #expect(try sandbox.git("rev-parse", "HEAD") == head)
        #expect(try sandbox.git("symbolic-ref", "HEAD") == "refs/heads/main")
    }

    @Test func refsAreCreatedListedAndDeleted() throws {
        let (sandbox, repository, head) = try project()
        let name = ExperimentRef.refName(name: "brave-owl", baseline: head)

        try repository.setReference(name, to: head, force: false)

        #expect(try repository.references(withPrefix: "refs/exps/") == [RefTip(name: name, commit: head)])
        #expect(throws: GitError.self) { try repository.setReference(name, to: head, force: false) }
        try repository.deleteReference(name)
        #expect(try repository.references(withPrefix: "refs/exps/").isEmpty)
        try repository.deleteReference(name)
        #expect(try sandbox.git("for-each-ref", "refs/exps/").isEmpty)
    }

    @Test func changedFilesListTheDifferenceBetweenTwoCommits() throws {
        let (sandbox, repository, head) = try project()
        try sandbox.write("params.yaml", "lr: 0.5\n")
        try sandbox.write("run.sh", "echo\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.appending("run.sh"))
        try FileManager.default.removeItem(atPath: sandbox.appending("code.py"))
        let commit = try repository.createCommit(tree: try repository.writeTree(ofWorkTree: sandbox.path), parents: [head], message: "x")

        let changes = try repository.changedFiles(from: head, to: commit)

        #expect(changes == [
            TreeChange(path: "code.py", isDeleted: true, isExecutable: false),
            TreeChange(path: "params.yaml", isDeleted: false, isExecutable: false),
            TreeChange(path: "run.sh", isDeleted: false, isExecutable: true),
        ])
    }

    @Test func aBranchIsCreatedAtACommitButNeverOverAnExistingOne() throws {
        let (sandbox, repository, head) = try project()

        try repository.createBranch("from-exp", at: head)

        #expect(try sandbox.git("rev-parse", "from-exp") == head)
        let error = try #require(throws: GitError.self) { try repository.createBranch("main", at: head) }
        #expect(error.message == "branch 'main' already exists")
    }
}
