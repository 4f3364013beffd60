import Foundation

/// How often and how patiently a transfer is retried after a retryable error: capped
/// exponential backoff with full jitter (a random wait between 0 and min(cap, base x 2^n)), so
/// many clients that failed together do not come back together.
public struct RetryPolicy: Sendable {
    /// Calls in all, the first included (`remote.<name>.retries` + 1).
    public var attempts: Int
    /// Seconds the first backoff may reach.
    public var base: Double
    /// Seconds no backoff exceeds.
    public var cap: Double

    public init(attempts: Int = 6, base: Double = 0.2, cap: Double = 20) {
        self.attempts = max(1, attempts)
        self.base = max(0, base)
        self.cap = max(0, cap)
    }

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> Double {
        let ceiling = min(cap, base * pow(2, Double(max(0, retry - 1))))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }
}
