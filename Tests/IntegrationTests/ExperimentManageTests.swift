import Foundation
import MLXTestSupport
import Testing

@Suite struct ExperimentManageTests {
    @Test func saveRecordsTheWorkspaceWithoutRunningAnything() throws {
        let project = try ExperimentProject()
        try project.repo.write("params.yaml", "train:\n  lr: 0.6\n  epochs: 3\n")
        try project.repo.write("notes.md", "tried 0.6\n")

        let result = try project.mlx("exp", "save", "-n", "by-hand")

        try expectSuccess(result)
        #expect(result.stdout == "saved experiment 'by-hand' (baseline \(project.head.prefix(7)))\n")
        #expect(try project.runs() == 0)
        let ref = try #require(try project.experimentRefs().first?.split(separator: " ").first.map(String.init))
        #expect(try project.show(ref, "notes.md") == "tried 0.6")
        #expect(try project.repo.git("status", "--porcelain") == "M params.yaml\n?? notes.md")
    }

    @Test func aNameThatIsNoRefComponentIsRefused() throws {
        let project = try ExperimentProject()

        let result = try project.mlx("exp", "save", "-n", "bad/name")

        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: 'bad/name' is not a valid experiment name\n"))
        #expect(try project.experimentRefs().isEmpty)
    }

    @Test func applyPutsTheExperimentsFilesAndDataInTheWorkspace() throws {
        let project = try ExperimentProject()
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.25", "-n", "quarter"))
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.75", "-n", "most"))
        #expect(project.text("model.txt")?.contains("lr: 0.75") == true)

        let result = try project.mlx("exp", "apply", "quarter")

        try expectSuccess(result)
        #expect(result.stdout.contains("applied experiment 'quarter'"))
        #expect(project.text("params.yaml")?.contains("lr: 0.25  # learning rate") == true)
        #expect(project.text("model.txt")?.contains("lr: 0.25") == true)
        #expect(try project.repo.git("rev-parse", "HEAD") == project.head)
        #expect(try project.repo.git("diff", "--cached", "--name-only").isEmpty)
        try expectSuccess(try project.mlx("status", "-q"))
    }

    @Test func applyWritesASymbolicLinkAsALinkAsGitWould() throws {
        let project = try ExperimentProject()
        let link = project.path + "/latest.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "model.txt")
        try expectSuccess(try project.mlx("exp", "save", "-n", "linked"))
        try FileManager.default.removeItem(atPath: link)

        try expectSuccess(try project.mlx("exp", "apply", "linked"))

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "model.txt")
        #expect(try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType == .typeSymbolicLink)
    }

    @Test func applyRefusesAWorkspaceChangeNoCommitOrExperimentHoldsUnlessForced() throws {
        let project = try ExperimentProject()
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.25", "-n", "quarter"))
        try project.repo.write("params.yaml", "train:\n  lr: 0.33\n  epochs: 3\n")

        let refused = try project.mlx("exp", "apply", "quarter")

        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("mlx: error: the workspace has changes that applying 'quarter' would overwrite: params.yaml\n"))
        #expect(refused.stderr.contains("--force"))
        #expect(project.text("params.yaml") == "train:\n  lr: 0.33\n  epochs: 3\n")

        try expectSuccess(try project.mlx("exp", "apply", "quarter", "--force"))
        #expect(project.text("params.yaml")?.contains("lr: 0.25") == true)
    }

    @Test func anUnknownExperimentIsOneClearError() throws {
        let project = try ExperimentProject()
        for arguments in [["exp", "apply", "nope"], ["exp", "branch", "nope", "b"], ["exp", "remove", "nope"]] {
            let result = try MLXBinary.run(arguments, in: project.path)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("mlx: error: unknown experiment 'nope'\n"), "\(arguments)")
        }
    }

    @Test func branchCreatesAGitBranchAtTheExperimentAndStaysOnTheCurrentOne() throws {
        let project = try ExperimentProject()
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.25", "-n", "quarter"))
        let commit = try #require(try project.experimentRefs().first?.split(separator: " ").last.map(String.init))

        try expectSuccess(try project.mlx("exp", "branch", "quarter", "tuned"))

        #expect(try project.repo.git("rev-parse", "tuned") == commit)
        #expect(try project.repo.git("symbolic-ref", "HEAD") == "refs/heads/main")
        let again = try project.mlx("exp", "branch", "quarter", "tuned")
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("mlx: error: branch 'tuned' already exists\n"))
    }

    @Test func removeDeletesNamedExperimentsOrAllAndATypoRemovesNothing() throws {
        let project = try ExperimentProject()
        for name in ["one", "two", "three"] { try expectSuccess(try project.mlx("exp", "save", "-n", name)) }

        let typo = try project.mlx("exp", "remove", "one", "twoo")
        #expect(typo.status == 1)
        #expect(try project.experimentRefs().count == 3)

        let removed = try project.mlx("exp", "remove", "one", "two")
        try expectSuccess(removed)
        #expect(removed.stdout == "removed experiments: one, two\n")
        #expect(try project.mlx("exp", "list", "--names-only").stdout == "three\n")

        try expectSuccess(try project.mlx("exp", "remove", "--all"))
        #expect(try project.experimentRefs().isEmpty)
    }

    @Test func listShowsHeadsExperimentsUnderItsBranchAndEveryBaselineWithAllCommits() throws {
        let project = try ExperimentProject()
        // Names in time order too: two saves in one second have equal commit times.
        try expectSuccess(try project.mlx("exp", "save", "-n", "a-old"))
        try project.repo.commit("next", files: ["code.py": "x\n"])
        try expectSuccess(try project.mlx("exp", "save", "-n", "b-new"))

        var commits: [String: String] = [:]
        for line in try project.experimentRefs() {
            let fields = line.split(separator: " ")
            commits[String(fields[0].split(separator: "/").last ?? "")] = String(fields[1].prefix(7))
        }
        let (old, new) = (commits["a-old"] ?? "", commits["b-new"] ?? "")
        #expect(try project.mlx("exp", "list").stdout == "main:\n\t\(new) [b-new]\n")
        #expect(try project.mlx("exp", "list", "-A").stdout == "\(project.head.prefix(7)):\n\t\(old) [a-old]\nmain:\n\t\(new) [b-new]\n")
        let json = try project.mlx("exp", "list", "--json").stdout
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["name"] as? String == "b-new")
        #expect(decoded?.first?["created"] != nil)
    }

    @Test func pushAndPullShareExperimentsThroughAGitRemoteAndTheirDataThroughTheMlxRemote() throws {
        let project = try ExperimentProject()
        let shared = TemporaryDirectory("mlx-exp-shared")
        try shared.git("init", "-q", "--bare", "origin.git")
        let store = shared.appending("store")
        try expectSuccess(try project.mlx("remote", "add", "-q", "-d", "store", store))
        try project.repo.commit("remote")
        try project.repo.git("remote", "add", "origin", shared.appending("origin.git"))
        try project.repo.git("push", "-q", "origin", "main")
        try expectSuccess(try project.mlx("exp", "run", "-S", "train.lr=0.25", "-n", "quarter"))

        let pushed = try project.mlx("exp", "push", "origin", "quarter")

        try expectSuccess(pushed)
        #expect(pushed.stdout.contains("pushed experiment quarter to git remote 'origin'"))
        #expect(try project.mlx("exp", "list", "origin", "--names-only").stdout == "quarter\n")

        let clone = TemporaryDirectory("mlx-exp-clone")
        try clone.git("clone", "-q", shared.appending("origin.git"), "work")
        let work = clone.appending("work")
        let pulled = try MLXBinary.run(["exp", "pull", "origin", "quarter"], in: work)
        try expectSuccess(pulled)
        try expectSuccess(try MLXBinary.run(["exp", "apply", "quarter"], in: work))
        #expect(clone.bytes("work/model.txt").map { String(decoding: $0, as: UTF8.self) }?.contains("lr: 0.25") == true)

        let missing = try MLXBinary.run(["exp", "pull", "origin", "nope"], in: work)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("mlx: error: git remote 'origin' has no experiment 'nope'\n"))
    }
}
