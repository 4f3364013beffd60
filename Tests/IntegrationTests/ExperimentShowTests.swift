import Foundation
import MLXTestSupport
import Testing

/// `exp show`: the workspace, then each baseline with its experiments (newest first) under it,
/// a column per metric, param and dependency; narrow terminals drop columns with a note.
@Suite struct ExperimentShowTests {
    static let hashes = "--drop=data.txt|result.json"

    @Test func showsTheWorkspaceThenTheBaselineWithItsExperimentsNewestFirst() throws {
        let project = try DatedExperimentProject()
        let (a, b) = (project.experiments["exp-a"]!.prefix(7), project.experiments["exp-b"]!.prefix(7))
        let show = try project.mlx("exp", "show", Self.hashes)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stderr == "")
        #expect(show.stdout == """
            Experiment           Created       acc  loss  seed  train.epochs  train.lr
            workspace            -             0.6  0.4   1     3             0.5
            main                 Jan 02, 2024  0.6  0.4   1     3             0.1
            ├── \(b) [exp-b]  Jan 04, 2024  0.8  0.2   1     3             0.3
            └── \(a) [exp-a]  Jan 03, 2024  0.7  0.3   1     3             0.2

            """)
    }

    @Test func dependencyColumnsShowEachCommitsLockedHashShortened() throws {
        let project = try DatedExperimentProject()
        let show = try project.mlx("exp", "show", "--drop=.", "--keep=data.txt")
        #expect(show.status == 0, "\(show.stderr)")
        let hash = { (revision: String) throws -> String in
            let lock = try Shell.check("git show \(revision):mlx.lock", in: project.path)
            let line = try #require(lock.split(separator: "\n").drop { !$0.contains("path: data.txt") }.first { $0.contains("oid:") })
            return String(line.split(separator: " ").last!.prefix(8))
        }
        let rows = show.stdout.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(rows == ["data.txt", try hash("HEAD"), try hash("HEAD"), try hash(project.experiments["exp-b"]!), try hash("HEAD")])
        #expect(try hash("HEAD") != hash(project.experiments["exp-b"]!))
    }

    @Test func sortByOrdersEachBaselinesExperimentsAndSortOrderReversesThem() throws {
        let project = try DatedExperimentProject()
        let names = { (arguments: [String]) throws -> [String] in
            let result = try MLXBinary.run(["exp", "show", "--csv"] + arguments, in: project.path)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        }
        #expect(try names(["--sort-by", "loss"]) == ["workspace", "main", "exp-b", "exp-a"])
        #expect(try names(["--sort-by", "metrics.json:acc", "--sort-order", "asc"]) == ["workspace", "main", "exp-a", "exp-b"])
        #expect(try names(["--sort-by", "train.lr", "--sort-order", "desc"]) == ["workspace", "main", "exp-b", "exp-a"])
    }

    @Test func sortByANameNoColumnHasFailsListingCloseNames() throws {
        let project = try DatedExperimentProject()
        let show = try project.mlx("exp", "show", "--sort-by", "train.l")
        #expect(show.status != 0)
        #expect(show.stdout == "")
        #expect(show.stderr == """
            mlx: error: no metric or param column named 'train.l'
            hint: did you mean 'train.lr'?

            """)
    }

    @Test func onlyChangedLeavesOutColumnsEqualInEveryRow() throws {
        let project = try DatedExperimentProject()
        let show = try project.mlx("exp", "show", "--only-changed", "--drop=Created|data.txt|result.json")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.split(separator: "\n").first == "Experiment           acc  loss  train.lr")
    }

    @Test func dropAndKeepChooseColumnsByRegularExpression() throws {
        let project = try DatedExperimentProject()
        let show = try project.mlx("exp", "show", "--drop", "^(train|seed|Created|data|result)", "--keep", "lr$")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.split(separator: "\n").first == "Experiment           acc  loss  train.lr")
        let bad = try project.mlx("exp", "show", "--drop", "(")
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("mlx: error: --drop '(' is not a valid regular expression\n"))
    }

    @Test func aNarrowTerminalDropsTrailingColumnsWithANoteInsteadOfWrapping() throws {
        let project = try DatedExperimentProject()
        let show = try project.mlx("exp", "show", environment: ["COLUMNS": "50"])
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.count <= 50 })
        #expect(lines.first == "Experiment           Created       acc  loss  seed")
        #expect(show.stderr == """
            mlx: 4 of 9 columns not shown for lack of width: see them all with --csv or --json or in a wider terminal, \
            or choose them with --drop/--keep REGEX

            """)
    }

    @Test func csvHasEveryColumnUnroundedWithFullHashesAndTimes() throws {
        let project = try DatedExperimentProject()
        let (a, b) = (project.experiments["exp-a"]!, project.experiments["exp-b"]!)
        let show = try project.mlx("exp", "show", "--csv", Self.hashes)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout == """
            Experiment,rev,typ,Created,parent,State,acc,loss,seed,train.epochs,train.lr
            workspace,workspace,workspace,,,,0.6,0.4,1,3,0.5
            main,\(project.main),baseline,2024-01-02T10:00:00Z,,,0.6,0.4,1,3,0.1
            exp-b,\(b),experiment,2024-01-04T10:00:00Z,\(project.main),,0.8,0.2,1,3,0.3
            exp-a,\(a),experiment,2024-01-03T10:00:00Z,\(project.main),,0.7,0.3,1,3,0.2

            """)
    }

    @Test func markdownIsATableForPullRequests() throws {
        let project = try DatedExperimentProject()
        let show = try project.mlx("exp", "show", "--md", "--only-changed", "--drop=Created|data|result")
        #expect(show.status == 0, "\(show.stderr)")
        let a = project.experiments["exp-a"]!.prefix(7), b = project.experiments["exp-b"]!.prefix(7)
        #expect(show.stdout == """
            | Experiment          | acc | loss | train.lr |
            |---------------------|-----|------|----------|
            | workspace           | 0.6 | 0.4  | 0.5      |
            | main                | 0.6 | 0.4  | 0.1      |
            | ├── \(b) [exp-b] | 0.8 | 0.2  | 0.3      |
            | └── \(a) [exp-a] | 0.7 | 0.3  | 0.2      |

            """)
    }

    @Test func jsonListsEachBaselineWithItsExperimentsAsDVCDoes() throws {
        let project = try DatedExperimentProject()
        let show = try project.mlx("exp", "show", "--json")
        #expect(show.status == 0, "\(show.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [[String: Any]])
        #expect(document.map { $0["rev"] as? String } == ["workspace", project.main])
        #expect(document[1]["name"] as? String == "main")
        let workspace = try #require(document[0]["data"] as? [String: Any])
        let params = workspace["params"] as? [String: [String: [String: Any]]]
        #expect((params?["params.yaml"]?["data"]?["train"] as? [String: Any])?["lr"] as? Double == 0.5)
        let experiments = try #require(document[1]["experiments"] as? [[String: Any]])
        #expect(experiments.map { $0["name"] as? String } == ["exp-b", "exp-a"])
        let run = try #require((experiments[0]["revs"] as? [[String: Any]])?.first)
        #expect(run["rev"] as? String == project.experiments["exp-b"])
        let data = try #require(run["data"] as? [String: Any])
        #expect(data["timestamp"] as? String == "2024-01-04T10:00:00Z")
        #expect((data["metrics"] as? [String: [String: [String: Double]]])?["metrics.json"]?["data"]?["acc"] == 0.8)
        #expect(((data["deps"] as? [String: [String: String]])?["data.txt"]?["hash"])?.count == 64)
    }

    @Test func aMalformedParamsFileInOneExperimentIsNamedAndTheRestShown() throws {
        var project = try DatedExperimentProject()
        try project.save("broken", lr: "0.4", result: "{\"acc\": 0.9, \"loss\": 0.1}\n", date: "2024-01-05T10:00:00Z",
                         edits: ["params.yaml": "train: [lr\n"])
        let show = try project.mlx("exp", "show", "--csv", Self.hashes)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stderr.hasPrefix("mlx: warning: experiment 'broken': params.yaml"), "\(show.stderr)")
        #expect(show.stderr.split(separator: "\n").count <= 2)
        let broken = show.stdout.split(separator: "\n").first { $0.hasPrefix("broken,") }
        #expect(broken?.hasSuffix(",,0.9,0.1,,,") == true, "\(show.stdout)")
        #expect(show.stdout.contains("\nexp-a,"))
    }

    @Test func queuedRunningAndFailedExperimentsShowTheirStateUnderTheirBaseline() throws {
        let project = try DatedExperimentProject()
        try project.project.write("params.yaml", DatedExperimentProject.params(lr: "0.9"))
        var oids: [String: String] = [:]
        for (name, date) in [("waiting", "2024-01-06T10:00:00Z"), ("crashed", "2024-01-07T10:00:00Z")] {
            oids[name] = try DatedExperimentProject.record(name, in: project.path, date: date, namespace: "refs/exps-queue/\(name)")
        }
        try project.project.write(".mlx/queue/crashed.json", """
            {"name": "crashed", "state": "failed", "baseline": "\(project.main)", "created": "2024-01-07T10:00:00.000Z"}
            """)
        let show = try project.mlx("exp", "show", "--drop=.", "--keep=^(State|train.lr)$")
        #expect(show.status == 0, "\(show.stderr)")
        let queued = [oids["crashed"]!, oids["waiting"]!, project.experiments["exp-b"]!, project.experiments["exp-a"]!].map { $0.prefix(7) }
        #expect(show.stdout == """
            Experiment             State   train.lr
            workspace              -       0.9
            main                   -       0.1
            ├── \(queued[0]) [crashed]  failed  0.9
            ├── \(queued[1]) [waiting]  queued  0.9
            ├── \(queued[2]) [exp-b]    -       0.3
            └── \(queued[3]) [exp-a]    -       0.2

            """)
    }

    @Test func metricsCachedAtTheBaselineAreReadFromTheCache() throws {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  evaluate:\n    cmd: cp scores.json metrics.json\n    deps: [scores.json]\n    metrics: [metrics.json]\n",
            "scores.json": "{\"acc\": 0.9}\n",
            ".mlx/.gitignore": "/cache/\n/tmp/\n",
        ])
        #expect(try project.mlx("repro").status == 0)
        try Shell.check("git add -A && git commit -qm first && rm metrics.json", in: project.path)
        let show = try project.mlx("exp", "show", "--csv", "--drop=scores")
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix(",State,acc"))
        #expect(lines[1] == "workspace,workspace,workspace,,,,")
        #expect(lines[2].hasPrefix("main,") && lines[2].hasSuffix(",,0.9"))
    }

    @Test func numAndAllCommitsShowOlderBaselinesWithTheirExperiments() throws {
        let project = try DatedExperimentProject()
        try DatedExperimentProject.git("git commit -qam second", in: project.path, date: "2024-01-08T10:00:00Z")
        let latest = try project.mlx("exp", "show", "--csv", "--drop=.")
        #expect(latest.stdout.split(separator: "\n").map { String($0.split(separator: ",")[0]) } == ["Experiment", "workspace", "main"])
        let two = try project.mlx("exp", "show", "-n", "2", "--csv", "--drop=.")
        #expect(two.stdout.split(separator: "\n").map { String($0.split(separator: ",")[0]) }
            == ["Experiment", "workspace", "main", String(project.main.prefix(7)), "exp-b", "exp-a"])
        let all = try project.mlx("exp", "show", "-A", "--csv", "--drop=.")
        #expect(all.stdout == two.stdout)
    }

    @Test func experimentsRunByExpRunAreShownSortedByAParam() throws {
        let project = try ExperimentProject()
        for (name, lr) in [("low", "0.01"), ("high", "0.5")] {
            let run = try MLXBinary.run(["exp", "run", "-q", "-S", "train.lr=\(lr)", "-n", name], in: project.repo.path)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let show = try MLXBinary.run(["exp", "show", "--csv", "--sort-by", "train.lr", "--drop=^Created$"], in: project.repo.path)
        #expect(show.status == 0, "\(show.stderr)")
        let rows = show.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.suffix(3) == ["score", "train.epochs", "train.lr"])
        #expect(rows.map { [String($0[0]), String($0[$0.count - 1])] } == [
            ["Experiment", "train.lr"], ["workspace", "0.5"], ["main", "0.1"], ["low", "0.01"], ["high", "0.5"],
        ])
        // The baseline was committed before any run, so only the experiments and the workspace have a score.
        #expect(rows.dropFirst().map { $0[$0.count - 3].isEmpty } == [false, true, false, false], "\(show.stdout)")
    }
}
