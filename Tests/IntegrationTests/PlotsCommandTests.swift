import Foundation
import MLXTestSupport
import Testing

@Suite struct PlotsCommandTests {
    static let pipeline = """
        stages:
          train:
            cmd: cp source.csv loss.csv
            deps: [source.csv]
            plots:
              - loss.csv:
                  x: epoch
                  y: loss
        plots:
          - confusion:
              template: confusion
              x: actual
              y:
                preds.json: predicted

        """

    static let preds = #"{"test": [{"actual": "cat", "predicted": "cat"}, {"actual": "dog", "predicted": "cat"}]}"#

    private func project() throws -> PipelineProject {
        try PipelineProject(["mlx.yaml": Self.pipeline, "source.csv": "epoch,loss\n1,0.9\n2,0.5\n3,0.3\n", "preds.json": Self.preds])
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The Vega-Lite data points of plot `id` in `plots … --json` output.
    private func points(_ document: [String: Any], _ id: String) throws -> [[String: Any]] {
        let entries = try #require((document["data"] as? [String: Any])?[id] as? [[String: Any]])
        let values = (entries.first?["content"] as? [String: Any]).flatMap { ($0["data"] as? [String: Any])?["values"] as? [[String: Any]] }
        return try #require(values)
    }

    @Test func showWritesAnOfflinePageAndAnSVGPerPlot() throws {
        let project = try project()
        #expect(try project.mlx("repro").status == 0)
        let show = try project.mlx("plots", "show")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout == URL(fileURLWithPath: project.path + "/mlx_plots/index.html").absoluteString + "\n")
        let page = try #require(project.text("mlx_plots/index.html"))
        #expect(page.components(separatedBy: "<svg ").count - 1 == 2)
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("href="), "nothing to fetch")
        #expect(page.contains("<polyline class=\"series\""))
        #expect(page.components(separatedBy: "<rect class=\"cell\"").count - 1 == 4)
        #expect(project.text("mlx_plots/loss.csv.svg")?.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") == true)
        #expect(project.text("mlx_plots/confusion.svg") != nil)

        let one = try project.mlx("plots", "show", "preds.json", "-o", "out/figures", "-q")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.isEmpty)
        #expect(project.text("out/figures/index.html")?.components(separatedBy: "<svg ").count == 2)

        try project.write("page.html", "<html><body><h1>Report</h1>{plot_divs}</body></html>\n")
        let custom = try project.mlx("plots", "show", "--html-template", "page.html", "-o", "custom")
        #expect(custom.status == 0, "\(custom.stderr)")
        #expect(project.text("custom/index.html")?.hasPrefix("<html><body><h1>Report</h1><figure id=\"confusion\"><svg ") == true)
    }

    @Test func diffDrawsHEADsCachedPlotFromTheCacheAgainstTheWorkspace() throws {
        let project = try project()
        #expect(try project.mlx("repro").status == 0)
        try Shell.run("git add -A && git commit -qm first", in: project.path)
        // The plot is a cached output: git has no copy, HEAD's comes from the cache via mlx.lock.
        #expect(try Shell.run("git ls-files loss.csv", in: project.path).stdout.isEmpty)
        try project.write("source.csv", "epoch,loss\n1,0.8\n2,0.4\n3,0.2\n4,0.1\n")
        #expect(try project.mlx("repro").status == 0)

        let diff = try project.mlx("plots", "diff", "--json", "--targets", "loss.csv")
        #expect(diff.status == 0, "\(diff.stderr)")
        let values = try points(try json(diff.stdout), "loss.csv")
        #expect(values.filter { $0["rev"] as? String == "HEAD" }.compactMap { $0["y"] as? Double } == [0.9, 0.5, 0.3])
        #expect(values.filter { $0["rev"] as? String == "workspace" }.count == 4)

        try Shell.run("git add -A && git commit -qm second", in: project.path)
        let page = try project.mlx("plots", "diff", "HEAD~1", "HEAD")
        #expect(page.status == 0, "\(page.stderr)")
        let html = try #require(project.text("mlx_plots/index.html"))
        #expect(html.contains("HEAD~1, HEAD"))
        #expect(html.components(separatedBy: "<polyline class=\"series\"").count - 1 == 2)
        #expect(html.contains(">HEAD~1</text>") && html.contains(">HEAD</text>"))
    }

    @Test func jsonGivesPointsAndAVegaLiteSpecPerPlotAndWritesNothing() throws {
        let project = try project()
        #expect(try project.mlx("repro").status == 0)
        let show = try project.mlx("plots", "show", "--json")
        #expect(show.status == 0, "\(show.stderr)")
        let document = try json(show.stdout)
        let entry = try #require(((document["data"] as? [String: Any])?["loss.csv"] as? [[String: Any]])?.first)
        #expect(entry["type"] as? String == "vega")
        #expect(entry["revisions"] as? [String] == ["workspace"])
        let content = try #require(entry["content"] as? [String: Any])
        #expect(content["$schema"] as? String == "https://vega.github.io/schema/vega-lite/v5.json")
        #expect(content["mark"] as? String == "line")
        #expect(try points(document, "loss.csv").map { $0["x"] as? Double } == [1, 2, 3])
        #expect(try points(document, "confusion").count == 2)
        #expect(project.text("mlx_plots/index.html") == nil)
    }

    @Test func plotOptionsOnTheCommandLineReplaceThoseOfMlxYaml() throws {
        let project = try PipelineProject(["runs.tsv": "1\t0.5\t0.7\n2\t0.25\t0.8\n"])
        let show = try project.mlx("plots", "show", "runs.tsv", "--no-header", "-x", "0", "-y", "2", "-t", "scatter",
                                   "--title", "Runs", "--x-label", "epoch", "--y-label", "accuracy", "--json")
        #expect(show.status == 0, "\(show.stderr)")
        let content = try #require((((try json(show.stdout))["data"] as? [String: Any])?["runs.tsv"] as? [[String: Any]])?.first?["content"] as? [String: Any])
        #expect(content["title"] as? String == "Runs")
        #expect(content["mark"] as? String == "point")
        let encoding = try #require(content["encoding"] as? [String: [String: Any]])
        #expect(encoding["x"]?["title"] as? String == "epoch")
        #expect(encoding["y"]?["title"] as? String == "accuracy")
    }

    @Test func badPlotsAreOneErrorWithTheFixAndWriteNothing() throws {
        let project = try project()
        #expect(try project.mlx("repro").status == 0)
        try Shell.run("git add -A && git commit -qm first", in: project.path)
        try project.write("mlx_plots/index.html", "previous page\n")
        func expectRefused(_ arguments: String..., stderr: String, sourceFile: String = #filePath, line: Int = #line) throws {
            let location = SourceLocation(fileID: #fileID, filePath: sourceFile, line: line, column: 1)
            let result = try MLXBinary.run(arguments, in: project.path)
            #expect(result.status == 1, "\(result.stderr)", sourceLocation: location)
            #expect(result.stderr == stderr, sourceLocation: location)
            #expect(project.text("mlx_plots/index.html") == "previous page\n", sourceLocation: location)
            #expect(project.text("mlx_plots/loss.csv.svg") == nil, sourceLocation: location)
        }

        try project.write("mlx.yaml", Self.pipeline.replacingOccurrences(of: "y: loss", with: "y: acc"))
        try expectRefused("plots", "show", stderr: """
            mlx: error: loss.csv: has no field `acc`, which plot `loss.csv` draws as y
            hint: its fields are epoch, loss; fix `y` of plot `loss.csv` in mlx.yaml

            """)

        try project.write("mlx.yaml", Self.pipeline.replacingOccurrences(of: "template: confusion", with: "template: heatmap"))
        try expectRefused("plots", "show", stderr: """
            mlx: error: mlx.yaml:10: plot `confusion` has unknown template `heatmap`
            hint: use one of: linear, simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted

            """)

        try project.write("mlx.yaml", Self.pipeline)
        try expectRefused("plots", "diff", "nope", stderr: """
            mlx: error: unknown revision `nope`
            hint: name a commit, branch or tag that 'git log --all --oneline' shows

            """)
        try expectRefused("plots", "show", "nothing", stderr: """
            mlx: error: `nothing` is neither a plot of mlx.yaml nor a CSV, TSV, JSON or YAML file
            hint: plots: confusion, loss.csv

            """)

        try project.write("source.csv", "epoch,loss\n1,0.5\n2\n")
        try expectRefused("plots", "show", "source.csv", stderr: """
            mlx: error: source.csv:3:1: row has 1 fields, the header has 2
            hint: give every row the same number of fields

            """)

        try project.write("preds.json", #"{"test": [{"actual": "cat", "#)
        let malformed = try project.mlx("plots", "show", "confusion")
        #expect(malformed.status == 1)
        #expect(malformed.stderr.hasPrefix("mlx: error: preds.json:1:"), "\(malformed.stderr)")
        #expect(malformed.stderr.contains("malformed JSON"))
        #expect(project.text("mlx_plots/index.html") == "previous page\n")
    }

    @Test func openHandsThePageToXdgOpenOrSaysWhyItCannot() throws {
        let project = try PipelineProject(["log.csv": "step,loss\n0,1\n1,0.5\n"])
        let bin = project.path + "/.bin"
        try project.write(".bin/xdg-open", "#!/bin/sh\necho \"$1\" > \"\(project.path)/opened\"\n")
        try Shell.check("chmod +x .bin/xdg-open", in: project.path)
        let opened = try MLXBinary.run(["plots", "show", "log.csv", "--open"], in: project.path, environment: ["PATH": bin])
        #expect(opened.status == 0, "\(opened.stderr)")
        let url = URL(fileURLWithPath: project.path + "/mlx_plots/index.html").absoluteString
        // xdg-open runs in the background; give it a moment to write.
        for _ in 0..<50 where project.text("opened") == nil { usleep(20_000) }
        #expect(project.text("opened") == url + "\n")

        let none = try MLXBinary.run(["plots", "show", "log.csv", "--open"], in: project.path, environment: ["PATH": project.path + "/empty"])
        #expect(none.status == 0)
        #expect(none.stdout == url + "\n")
        #expect(none.stderr == "mlx: warning: cannot open the page: there is no xdg-open on PATH; open \(url) in a browser\n")
    }
}
