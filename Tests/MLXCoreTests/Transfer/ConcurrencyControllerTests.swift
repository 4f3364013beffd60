import MLXCore
import Testing

/// A simulated link: `limit` requests in flight, each taking `latency`, and a server that
/// answers at most `capacity` a second. Feeds `count` completions to `controller` at the times
/// they would arrive, the width read again after each.
private func drive(_ controller: inout ConcurrencyController, count: Int, latency: Double = 0.02, capacity: Double,
                   from start: Double = 0) -> Double {
    var time = start
    for _ in 0..<count {
        let rate = min(Double(controller.limit) / latency, capacity)
        time += 1 / rate
        controller.completed(bytes: 1024, at: time)
    }
    return time
}

@Suite struct ConcurrencyControllerTests {
    @Test func growsWhileThroughputGrowsAndSettlesAtTheKnee() {
        // 20 ms a request, 2,000 answers a second: 40 at once would be enough.
        var controller = ConcurrencyController(initial: 8, maximum: 256)
        _ = drive(&controller, count: 5_000, capacity: 2_000)
        // 8 → 16 → 32 → 64 gained (400, 800, 1,600, 2,000 a second); 128 gained nothing.
        #expect(controller.peak == 128)
        #expect(controller.limit == 64)
    }

    @Test func aLinkWithoutLatencyToHideKeepsTheDefault() {
        // The server is the bound from the start: doubling gains nothing.
        var controller = ConcurrencyController(initial: 8, maximum: 256)
        _ = drive(&controller, count: 2_000, capacity: 300)
        #expect(controller.limit == 8)
        #expect(controller.peak == 16)
    }

    @Test func neverPassesTheMaximum() {
        var controller = ConcurrencyController(initial: 8, maximum: 24)
        _ = drive(&controller, count: 5_000, latency: 0.1, capacity: 100_000)
        #expect(controller.limit == 24)
        #expect(controller.peak == 24)
    }

    @Test func aMaximumAtTheStartNeverGrows() {
        var controller = ConcurrencyController(initial: 8, maximum: 8)
        _ = drive(&controller, count: 2_000, capacity: 100_000)
        #expect(controller.limit == 8 && controller.peak == 8)
    }

    @Test func errorsHalveOnceForTheRequestsInFlightThenItRecovers() {
        var controller = ConcurrencyController(initial: 8, maximum: 256)
        var time = drive(&controller, count: 5_000, capacity: 2_000)
        #expect(controller.limit == 64)
        // A burst of SlowDown answers: the 64 in flight all fail, but only the first halves.
        for _ in 0..<64 { controller.failed(at: time) }
        #expect(controller.limit == 32)
        // Once the transfers in flight then have ended, another error halves again.
        time = drive(&controller, count: 40, capacity: 2_000, from: time)
        #expect(controller.limit == 32)
        controller.failed(at: time)
        #expect(controller.limit == 16)
        // Clean windows win it back, by an eighth at a time, up to where it had settled.
        time = drive(&controller, count: 400, capacity: 2_000, from: time)
        #expect(controller.limit > 16 && controller.limit < 64)
        _ = drive(&controller, count: 5_000, capacity: 2_000, from: time)
        #expect(controller.limit == 64)
        #expect(controller.peak == 128)
    }

    @Test func neverBelowTheMinimum() {
        var controller = ConcurrencyController(initial: 2, maximum: 16)
        for time in 0..<100 { controller.failed(at: Double(time)) }
        #expect(controller.limit == 1)
    }
}
