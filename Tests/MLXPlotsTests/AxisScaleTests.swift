@testable import MLXPlots
import Testing

@Suite struct AxisScaleTests {
    @Test func ticksAreRoundNumbersCoveringTheData() {
        let scale = AxisScale(minimum: 0.13, maximum: 0.87)
        #expect(scale.step == 0.2)
        #expect(scale.lower == 0)
        #expect(scale.upper.isApproximately(1))
        #expect(scale.ticks.map(scale.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func largeRangesStepInTwosAndFives() {
        let scale = AxisScale(minimum: 3, maximum: 9_870)
        #expect(scale.step == 2_000)
        #expect(scale.ticks.map(scale.label) == ["0", "2000", "4000", "6000", "8000", "10000"])
        #expect(AxisScale(minimum: -12, maximum: 37).step == 10)
    }

    @Test func oneValueGetsARangeAroundIt() {
        let scale = AxisScale(minimum: 4, maximum: 4)
        #expect(scale.lower < 4 && scale.upper > 4)
        #expect(AxisScale(minimum: 0, maximum: 0).ticks.contains(0))
    }

    @Test func positionsMapTheRangeOntoPixels() {
        let scale = AxisScale(minimum: 0, maximum: 10)
        #expect(scale.position(5, from: 100, to: 300) == 200)
        #expect(scale.position(0, from: 400, to: 100) == 400)
    }
}

extension Double {
    func isApproximately(_ other: Double) -> Bool { abs(self - other) < 1e-9 }
}
