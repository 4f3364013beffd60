@testable import MLXPlots
import Testing

@Suite struct PolylineDecimationTests {
    @Test func manyPointsPerPixelColumnKeepFirstLowestHighestAndLast() {
        let x = (0..<10_000).map { Double($0) / 100 }
        let y = (0..<10_000).map { $0 == 4_242 ? 1_000 : Double($0 % 7) }
        let kept = PolylineDecimation.decimate(x: x, y: y)
        #expect(kept.count <= 4 * 100)
        #expect(kept.contains { $0.y == 1_000 }, "a one-sample spike survives")
        #expect(kept.first?.x == 0)
        #expect(kept.last?.x == x.last)
        #expect(kept.map(\.x) == kept.map(\.x).sorted())
    }

    @Test func sparsePointsAreAllKept() {
        let kept = PolylineDecimation.decimate(x: [0, 10, 20], y: [5, 1, 3])
        #expect(kept.map(\.y) == [5, 1, 3])
    }

    @Test func coordinatesAreSpelledToATenth() {
        #expect(SVGText.number(12.345) == "12.3")
        #expect(SVGText.number(-0.04) == "0")
        #expect(SVGText.number(-0.25) == "-0.3")
        #expect(SVGText.number(7) == "7")
        #expect(SVGText.number(.infinity) == "1000000000000")
        #expect("a<b & \"c\"".xmlEscaped == "a&lt;b &amp; &quot;c&quot;")
    }
}
