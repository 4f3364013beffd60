import Foundation

/// Reproducible pseudo-random bytes (xorshift64*), so a failing size can be replayed.
struct SeededBytes {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func next(count: Int) -> [UInt8] {
        (0..<count).map { _ in
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return UInt8(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 56)
        }
    }
}
