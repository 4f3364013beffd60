import Foundation
import MLXTestSupport
import Testing

/// The page `mlx plots` writes, loaded in a real browser (headless Chromium) with no network:
/// it must render from the file alone.
@Suite(.enabled(if: HeadlessChromium.isAvailable, "needs chromium (apt-get install chromium)"))
struct PlotsBrowserTests {
    @Test func thePageRendersEveryPlotOfflineInChromium() throws {
        let browser = try HeadlessChromium.require()
        let rows = (0..<500).map { "\($0),\(Double($0) / 500),\(1 - Double($0) / 1000)" }.joined(separator: "\n")
        let project = try PipelineProject([
            "mlx.yaml": """
                plots:
                  - train.csv:
                      x: step
                      y: [loss, acc]
                  - scores:
                      template: scatter
                      x: step
                      y:
                        small.csv: value
                  - errors:
                      template: confusion
                      x: actual
                      y:
                        preds.csv: predicted
                  - importance.csv:
                      template: bar_horizontal
                      x: weight
                      y: feature

                """,
            "train.csv": "step,loss,acc\n" + rows + "\n",
            "small.csv": "step,value\n1,3\n2,5\n3,4\n",
            "preds.csv": "actual,predicted\na,a\na,b\nb,b\nc,a\n",
            "importance.csv": "feature,weight\nage,0.5\nincome,0.3\n",
        ])
        let show = try project.mlx("plots", "show")
        #expect(show.status == 0, "\(show.stderr)")

        let scratch = TemporaryDirectory("mlx-chromium")
        let rendering = try browser.render(file: project.path + "/mlx_plots/index.html", in: scratch.path)
        #expect(rendering.consoleErrors.isEmpty, "\(rendering.consoleErrors)")
        func count(_ needle: String) -> Int { rendering.dom.components(separatedBy: needle).count - 1 }
        #expect(count("<svg ") == 4, "one <svg> per plot")
        #expect(count("<polyline class=\"series\"") == 2, "a line per field of train.csv")
        #expect(count("<circle class=\"point\"") == 3, "a dot per row of small.csv")
        #expect(count("<rect class=\"cell\"") == 9, "a cell per class pair of preds.csv")
        #expect(count("<rect class=\"bar\"") == 2, "a bar per row of importance.csv")
        #expect(try HeadlessChromium.distinctRows(ofPNG: rendering.screenshot) > 100, "the screenshot is not blank")
    }
}
