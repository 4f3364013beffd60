/// How many transfers a queue runs at once when the user did not choose (`-j`): enough to hide a
/// slow link's latency, no more than the link and the server can use. Like TCP's congestion
/// control, applied to requests in flight:
///
/// - **Growing** (slow start): the limit doubles while each doubling raises throughput by at
///   least `gain`. On a link with 20 ms per request, 8 transfers at once move at most 400 small
///   objects a second; 128 move 16 times as many, until the server's or the client's CPU is the
///   bound: then a doubling gains too little, and the queue goes back to the smaller limit.
/// - **Backing off**: a retryable error (503 SlowDown, 500, a refused or reset connection) halves
///   the limit at once. Transfers already in flight at the old limit fail alike, so the next
///   `2 x limit` transfers to end, well or not, cannot halve it again.
/// - **Recovering**: after a back-off, every window without an error adds an eighth, up to the
///   limit where growing had stopped (more gained nothing) or `maximum`.
///
/// Throughput is measured in windows of completions, not of time, so that it adapts as fast as
/// the link answers: after a change, the first `limit` completions are skipped (requests
/// started under the old limit, new connections' handshakes), and the next `2 x limit` are
/// measured. Work is bytes plus a fixed cost per object, so that many small objects and a few
/// large ones are both measured by what bounds them.
///
/// A pure value: the queue feeds it completions and errors with their times, under its lock.
public struct ConcurrencyController: Sendable {
    /// Transfers at once now.
    public private(set) var limit: Int
    /// The largest limit reached.
    public private(set) var peak: Int
    public let minimum: Int
    public let maximum: Int
    /// The least relative rise in throughput that makes a doubling worth keeping growing from.
    public let gain: Double

    /// What one object costs besides its bytes, in bytes: a request's round trip moves about
    /// this much on a fast link.
    public static let costPerObject = 64.0 * 1024

    private enum Phase: Sendable {
        case growing
        case recovering(ceiling: Int)
        case holding
    }

    private var phase = Phase.growing
    /// Completions still to skip before the window opens.
    private var warmUp: Int
    private var windowStart: Double?
    private var windowCompletions = 0
    private var windowWork = 0.0
    /// Completions before another error may halve the limit.
    private var errorGrace = 0
    /// The last measured window: its limit and throughput.
    private var previous: (limit: Int, rate: Double)?

    public init(initial: Int, maximum: Int, minimum: Int = 1, gain: Double = 0.15) {
        self.minimum = max(1, minimum)
        self.maximum = max(self.minimum, maximum)
        self.limit = min(max(initial, self.minimum), self.maximum)
        self.peak = limit
        self.gain = gain
        self.warmUp = 0
    }

    /// A transfer of `bytes` ended well at `time` (seconds, any fixed origin).
    public mutating func completed(bytes: Int64, at time: Double) {
        if errorGrace > 0 { errorGrace -= 1 }
        if warmUp > 0 {
            warmUp -= 1
            if warmUp == 0 { windowStart = time }
            return
        }
        guard let start = windowStart else {
            windowStart = time
            return
        }
        windowCompletions += 1
        windowWork += Double(max(0, bytes)) + Self.costPerObject
        guard windowCompletions >= max(8, 2 * limit), time > start else { return }
        let rate = windowWork / (time - start)
        decide(rate: rate)
    }

    /// A transfer failed with a retryable error at `time`: the link or the server is overloaded.
    public mutating func failed(at time: Double) {
        guard errorGrace == 0 else {
            errorGrace -= 1
            return
        }
        let ceiling: Int
        switch phase {
        case .growing: ceiling = maximum
        case .recovering(let known): ceiling = known
        case .holding: ceiling = limit
        }
        phase = .recovering(ceiling: ceiling)
        previous = nil
        change(to: max(minimum, limit / 2))
        errorGrace = limit * 2
    }

    private mutating func decide(rate: Double) {
        switch phase {
        case .growing:
            if let previous, rate < previous.rate * (1 + gain) {
                // Doubling gained too little: keep the larger limit only for a clear gain
                // (half the threshold); otherwise the smaller one moves as much with fewer
                // connections.
                phase = .holding
                let better = rate > previous.rate * (1 + gain / 2) ? limit : previous.limit
                self.previous = nil
                change(to: better)
            } else if limit >= maximum {
                phase = .holding
                previous = nil
                openWindow()
            } else {
                previous = (limit, rate)
                change(to: min(maximum, limit * 2))
            }
        case .recovering(let ceiling):
            if limit >= ceiling {
                phase = .holding
                openWindow()
            } else {
                change(to: min(ceiling, limit + max(1, limit / 8)))
            }
        case .holding:
            openWindow()
        }
    }

    private mutating func change(to newLimit: Int) {
        limit = newLimit
        peak = max(peak, limit)
        warmUp = limit
        windowStart = nil
        windowCompletions = 0
        windowWork = 0
    }

    private mutating func openWindow() {
        windowStart = nil
        windowCompletions = 0
        windowWork = 0
    }
}
