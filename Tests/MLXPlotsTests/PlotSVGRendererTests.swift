import Foundation
import MLXCore
@testable import MLXPlots
import Testing

@Suite struct PlotSVGRendererTests {
    private func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    private func figure(_ template: PlotTemplate, _ series: [PlotSeries]) -> PlotFigure {
        PlotFigure(spec: PlotSpec(id: "logs/p.csv", template: template, title: "A <title>", sources: []),
                   xTitle: "epoch", yTitle: "loss", series: series)
    }

    private let two = [
        PlotSeries(revision: "HEAD", file: "p.csv", field: "loss", name: "HEAD", values: .points(x: [1, 2, 3], y: [3, 2, 1])),
        PlotSeries(revision: "workspace", file: "p.csv", field: "loss", name: "workspace", values: .points(x: [1, 2, 3], y: [2, 1, 0.5])),
    ]

    @Test func linearDrawsAPolylinePerSeriesWithAxesTitleAndLegend() {
        let svg = PlotSVGRenderer().render(figure(.linear, two))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mlx-plot\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(count("<polyline class=\"series\"", in: svg) == 2)
        #expect(svg.contains(">A &lt;title&gt;</text>"))
        #expect(svg.contains(">epoch</text>") && svg.contains(">loss</text>"))
        #expect(count("class=\"swatch\"", in: svg) == 2)
        #expect(count("class=\"tick\"", in: svg) >= 6)
    }

    @Test func scatterDrawsADotPerPointAndSmoothAddsTheRawLine() {
        let scatter = PlotSVGRenderer().render(figure(.scatter, two))
        #expect(count("<circle class=\"point\"", in: scatter) == 6)
        let smooth = PlotSVGRenderer().render(figure(.smooth, two))
        #expect(count("class=\"series-raw\"", in: smooth) == 2)
        #expect(count("<polyline class=\"series\"", in: smooth) == 2)
    }

    @Test func barsDrawOneRectPerLabelAndSeries() {
        let bars = [PlotSeries(revision: "workspace", file: "f.csv", field: "name", values: .bars(labels: ["a", "b", "c"], lengths: [3, 1, 2]))]
        let svg = PlotSVGRenderer().render(figure(.barHorizontalSorted, bars))
        #expect(count("<rect class=\"bar\"", in: svg) == 3)
        let labels = ["a", "b", "c"].map { svg.range(of: ">\($0)</text>")?.lowerBound }
        #expect(labels[0]! < labels[2]! && labels[2]! < labels[1]!, "sorted longest first")
        #expect(!svg.contains("class=\"legend\""))
    }

    @Test func confusionDrawsACellPerClassPairWithCounts() {
        let pairs = PlotSeries(revision: "workspace", file: "p.csv", field: "predicted",
                               values: .pairs(actual: ["cat", "cat", "dog", "bird"], predicted: ["cat", "dog", "dog", "dog"]))
        let svg = PlotSVGRenderer().render(figure(.confusion, [pairs]))
        #expect(count("<rect class=\"cell\"", in: svg) == 9)
        #expect(count(">2</text>", in: svg) == 0)
        #expect(count(">1</text>", in: svg) == 4)
        let normalized = PlotSVGRenderer().render(figure(.confusionNormalized, [pairs]))
        #expect(normalized.contains(">0.50</text>") && normalized.contains(">1.00</text>"))
    }

    @Test func tenThousandPointsStayFewInTheSVG() {
        let x = (0..<10_000).map(Double.init)
        let noisy = (0..<10_000).map { sin(Double($0) / 50) + Double($0 % 13) / 100 }
        let series = (0..<5).map { PlotSeries(revision: "r\($0)", file: "f.csv", field: "y", values: .points(x: x, y: noisy)) }
        let svg = PlotSVGRenderer().render(figure(.linear, series))
        #expect(svg.utf8.count < 200_000, "\(svg.utf8.count) bytes")
    }

    @Test func pageHoldsEverySVGAndNoScript() throws {
        let figures = [figure(.linear, two), figure(.scatter, two)]
        let svgs = figures.map(PlotSVGRenderer().render)
        let page = try PlotsPage.html(figures: figures, svgs: svgs, revisions: ["HEAD", "workspace"])
        #expect(count("<svg ", in: page) == 2)
        #expect(!page.contains("<script"))
        let custom = try PlotsPage.html(figures: figures, svgs: svgs, revisions: [], template: "<html>{scripts}<h1>Run</h1>{plot_divs}</html>")
        #expect(custom.hasPrefix("<html><h1>Run</h1><figure id=\"logs/p.csv\"><svg "))
        #expect(count("<svg ", in: custom) == 2)
        #expect(throws: PlotError(message: "the HTML template has no {plot_divs} placeholder", hint: "write {plot_divs} where the plots go")) {
            try PlotsPage.html(figures: figures, svgs: svgs, revisions: [], template: "<html></html>")
        }
        #expect(PlotsFolder.fileNames(["logs/p.csv", "logs_p.csv", "a b"]) == ["logs_p.csv.svg", "logs_p.csv-2.svg", "a_b.svg"])
    }

    @Test func jsonGivesDVCsShapeWithPointsAndAVegaLiteSpec() throws {
        let document = VegaLiteDocument.document(figures: [figure(.linear, two)], revisions: ["HEAD", "workspace"])
        let entry = try #require(document.lookup("data")?["logs/p.csv"])
        guard case let .list(items) = entry, let content = items.first?["content"] else {
            Issue.record("no content")
            return
        }
        #expect(items.first?["revisions"] == .list([.string("HEAD"), .string("workspace")]))
        #expect(content["mark"] == .string("line"))
        guard case let .list(values)? = content.lookup("data.values") else {
            Issue.record("no values")
            return
        }
        #expect(values.count == 6)
        #expect(values[0]["rev"] == .string("HEAD") && values[0]["y"] == .float(3))
    }
}
