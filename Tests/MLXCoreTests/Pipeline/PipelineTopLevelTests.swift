@testable import MLXCore
import MLXTestSupport
import Testing

/// The top-level sections DVC writes beside `stages`: params, metrics, plots, artifacts.
@Suite struct PipelineTopLevelTests {
    private func decode(_ text: String, vars: String? = nil) throws -> Pipeline {
        let directory = TemporaryDirectory()
        if let vars { _ = try directory.write("params.yaml", vars) }
        return try Pipeline.decode(text, projectRoot: directory.path)
    }

    @Test func plotsKeepTheirFilesFieldsAndTemplates() throws {
        let pipeline = try decode("""
            stages:
              evaluate:
                cmd: run
                plots:
                  - loss.csv:
                      x: step
                      y: [train, test]
                      header: false
            plots:
              - ROC:
                  template: simple
                  x: fpr
                  y:
                    eval/roc/train.json: tpr
                    eval/roc/test.json: [tpr, fnr]
              - ${folder}/importance.png
            """, vars: "folder: eval\n")
        let stagePlot = try #require(pipeline.stages[0].outputs.first?.plot)
        #expect(stagePlot.x == PlotAxis(sources: [.init(file: nil, fields: ["step"])]))
        #expect(stagePlot.y == PlotAxis(sources: [.init(file: nil, fields: ["train", "test"])]))
        #expect(stagePlot.header == false)
        #expect(pipeline.plots.map(\.id) == ["ROC", "eval/importance.png"])
        let roc = pipeline.plots[0]
        #expect(roc.properties.template == "simple")
        #expect(roc.files == ["eval/roc/train.json", "eval/roc/test.json"])
        #expect(roc.properties.y?.sources.last?.fields == ["tpr", "fnr"])
        #expect(pipeline.plots[1].files == ["eval/importance.png"])
    }

    @Test func paramsMetricsAndArtifactsAreReadAndPipelinesWithoutStagesAreValid() throws {
        let pipeline = try decode("""
            params: [config.json]
            metrics:
              - eval/metrics.json
            artifacts:
              cnn-model:
                path: models/cnn.pt
                type: model
                labels: [vision]
                meta: {framework: torch}
            """)
        #expect(pipeline.stages.isEmpty)
        #expect(pipeline.params == ["config.json"])
        #expect(pipeline.metricsFiles == ["eval/metrics.json"])
        #expect(pipeline.artifacts == [ArtifactDefinition(name: "cnn-model", path: "models/cnn.pt", type: "model", labels: ["vision"],
                                                          meta: .dictionary([.init(key: "framework", value: .string("torch"))]))])
    }

    @Test func aStagePlotCannotMapOtherFiles() {
        #expect(throws: PipelineError.self) {
            try decode("stages:\n  s:\n    cmd: run\n    plots:\n      - a.csv:\n          y: {b.csv: acc}\n")
        }
    }
}
