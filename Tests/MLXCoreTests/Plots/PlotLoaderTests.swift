@testable import MLXCore
import MLXTestSupport
import Testing

@Suite struct PlotLoaderTests {
    private func figures(_ files: [String: String], _ specs: [PlotSpec]) throws -> [PlotFigure] {
        let directory = TemporaryDirectory()
        for (path, content) in files { try directory.write(path, content) }
        return try PlotLoader(reader: ProjectFileReader(projectRoot: directory.path, source: nil)).figures(specs, revisions: [nil])
    }

    @Test func seriesPerFileAndFieldAreNamedByWhatTellsThemApart() throws {
        let spec = PlotSpec(id: "acc", sources: [.init(file: "train.csv", x: "epoch", y: ["acc", "loss"]), .init(file: "test.csv", x: "epoch", y: ["acc"])])
        let figure = try #require(try figures(["train.csv": "epoch,acc,loss\n1,0.5,2\n2,0.7,1\n", "test.csv": "epoch,acc\n1,0.4\n"], [spec]).first)
        #expect(figure.series.map(\.name) == ["train.csv · acc", "train.csv · loss", "test.csv · acc"])
        #expect(figure.series[0].values == .points(x: [1, 2], y: [0.5, 0.7]))
        #expect(figure.xTitle == "epoch")
        #expect(figure.yTitle == "y")
    }

    @Test func withoutXTheRowNumberIsTheStepAndTheLastColumnIsY() throws {
        let figure = try #require(try figures(["log.json": #"[{"loss": 3, "acc": 0.1}, {"loss": 2, "acc": 0.2}]"#],
                                              [PlotSpec(id: "log.json", sources: [.init(file: "log.json", x: nil, y: [])])]).first)
        // JSON mappings read back in key order: `loss` is the last field.
        #expect(figure.series.map(\.field) == ["loss"])
        #expect(figure.series[0].values == .points(x: [0, 1], y: [3, 2]))
        #expect(figure.xTitle == "step")
    }

    @Test func missingCellsAndInfinitiesAreLeftOut() throws {
        let figure = try figures(["t.csv": "step,loss\n1,0.5\n2,\n3,inf\n4,0.25\n"],
                                 [PlotSpec(id: "t", sources: [.init(file: "t.csv", x: "step", y: ["loss"])])])
        #expect(figure[0].series[0].values == .points(x: [1, 4], y: [0.5, 0.25]))
    }

    @Test func confusionAndBarTemplatesTakeLabels() throws {
        let data = ["p.csv": "actual,predicted,weight\ncat,dog,1\ndog,dog,2\n"]
        let confusion = try figures(data, [PlotSpec(id: "c", template: .confusion, sources: [.init(file: "p.csv", x: "actual", y: ["predicted"])])])
        #expect(confusion[0].series[0].values == .pairs(actual: ["cat", "dog"], predicted: ["dog", "dog"]))
        let bars = try figures(data, [PlotSpec(id: "b", template: .barHorizontal, sources: [.init(file: "p.csv", x: "weight", y: ["actual"])])])
        #expect(bars[0].series[0].values == .bars(labels: ["cat", "dog"], lengths: [1, 2]))
    }

    @Test func missingFieldsFilesAndWordsAreErrorsWithTheFix() throws {
        let data = ["t.csv": "epoch,loss\n1,0.5\n2,high\n"]
        #expect(throws: PipelineError(file: "t.csv", message: "has no field `acc`, which plot `p` draws as y",
                                      hint: "its fields are epoch, loss; fix `y` of plot `p` in mlx.yaml")) {
            try figures(data, [PlotSpec(id: "p", sources: [.init(file: "t.csv", x: "epoch", y: ["acc"])])])
        }
        #expect(throws: PipelineError(file: "t.csv", message: "field `loss` holds `high` in row 2, not a number",
                                      hint: "plot words with template bar_horizontal or confusion, or fix the data")) {
            try figures(data, [PlotSpec(id: "p", sources: [.init(file: "t.csv", x: "epoch", y: ["loss"])])])
        }
        #expect(throws: PipelineError.self) { try figures([:], [PlotSpec(id: "p", sources: [.init(file: "gone.csv", x: nil, y: [])])]) }
        #expect(throws: PlotError.self) {
            try figures(data, [PlotSpec(id: "p", template: .confusion, sources: [.init(file: "t.csv", x: nil, y: [])])])
        }
    }
}
