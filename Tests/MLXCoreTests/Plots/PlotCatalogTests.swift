@testable import MLXCore
import MLXTestSupport
import Testing

@Suite struct PlotCatalogTests {
    private func catalog(_ yaml: String) throws -> PlotCatalog {
        let directory = TemporaryDirectory()
        return PlotCatalog(pipeline: try Pipeline.decode(yaml, projectRoot: directory.path))
    }

    private static let yaml = """
        stages:
          train:
            cmd: python train.py
            plots:
              - logs/loss.csv:
                  x: epoch
                  y: loss
              - logs/acc.tsv
        plots:
          - accuracy:
              x: step
              y:
                train.json: acc
                test.json: [acc, f1]
              template: scatter
              title: Accuracy
          - logs/acc.tsv:
              template: smooth

        """

    @Test func topLevelAndStagePlotsAreResolvedPerFile() throws {
        let specs = try catalog(Self.yaml).select(targets: [], relative: { $0 })
        #expect(specs.map(\.id) == ["accuracy", "logs/acc.tsv", "logs/loss.csv"])
        #expect(specs[0].template == .scatter)
        #expect(specs[0].title == "Accuracy")
        #expect(specs[0].sources == [.init(file: "train.json", x: "step", y: ["acc"]), .init(file: "test.json", x: "step", y: ["acc", "f1"])])
        #expect(specs[1].template == .smooth)
        #expect(specs[2].sources == [.init(file: "logs/loss.csv", x: "epoch", y: ["loss"])])
    }

    @Test func targetsPickPlotsByIdOrFileAndOverridesApply() throws {
        var overrides = PlotOverrides()
        overrides.template = "bar_horizontal"
        overrides.y = "f1"
        overrides.noHeader = true
        let specs = try catalog(Self.yaml).select(targets: ["test.json", "other.csv"], relative: { $0 }, overrides: overrides)
        #expect(specs.map(\.id) == ["accuracy", "other.csv"])
        #expect(specs.allSatisfy { $0.template == .barHorizontal && !$0.header })
        #expect(specs[0].sources.map(\.y) == [["f1"], ["f1"]])
    }

    @Test func unknownTemplatesAndTargetsAreRefusedWithTheFix() throws {
        let bad = try catalog("plots:\n  - loss.csv:\n      template: lines\n")
        #expect(throws: PipelineError(file: "mlx.yaml", line: 2, message: "plot `loss.csv` has unknown template `lines`",
                                      hint: "use one of: linear, simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted")) {
            try bad.select(targets: [], relative: { $0 })
        }
        #expect(throws: PlotError.self) { try catalog(Self.yaml).select(targets: ["nothing"], relative: { $0 }) }
        #expect(throws: PlotError.self) { try catalog("stages: {}\n").select(targets: [], relative: { $0 }) }
    }
}
